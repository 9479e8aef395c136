package io.github.livepatchexporter.model;

import java.util.Comparator;

/**
 * rpm's version comparison ({@code rpmvercmp}): strings are split into runs of digits and of
 * letters, separators are ignored, numbers compare as numbers and beat letters, {@code ~} sorts
 * before anything and {@code ^} after the end. Editions ({@code version-release}) compare version
 * first, then release.
 */
public final class RpmVersion {
  /** Orders editions {@code version-release}, lowest first. */
  public static final Comparator<String> EDITION_ORDER = RpmVersion::compareEditions;

  private RpmVersion() {}

  public static int compareEditions(String a, String b) {
    int da = a.lastIndexOf('-');
    int db = b.lastIndexOf('-');
    String va = da < 0 ? a : a.substring(0, da);
    String vb = db < 0 ? b : b.substring(0, db);
    int c = compare(va, vb);
    if (c != 0 || da < 0 || db < 0) {
      return c;
    }
    return compare(a.substring(da + 1), b.substring(db + 1));
  }

  public static int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length()
          && !Character.isLetterOrDigit(a.charAt(i))
          && a.charAt(i) != '~'
          && a.charAt(i) != '^') {
        i++;
      }
      while (j < b.length()
          && !Character.isLetterOrDigit(b.charAt(j))
          && b.charAt(j) != '~'
          && b.charAt(j) != '^') {
        j++;
      }
      boolean ta = i < a.length() && a.charAt(i) == '~';
      boolean tb = j < b.length() && b.charAt(j) == '~';
      if (ta || tb) {
        if (!(ta && tb)) {
          return ta ? -1 : 1;
        }
        i++;
        j++;
        continue;
      }
      boolean ca = i < a.length() && a.charAt(i) == '^';
      boolean cb = j < b.length() && b.charAt(j) == '^';
      if (ca || cb) {
        if (i >= a.length()) {
          return -1;
        }
        if (j >= b.length()) {
          return 1;
        }
        if (!(ca && cb)) {
          return ca ? -1 : 1;
        }
        i++;
        j++;
        continue;
      }
      if (i >= a.length() || j >= b.length()) {
        break;
      }
      boolean numeric = Character.isDigit(a.charAt(i));
      int si = i;
      int sj = j;
      if (numeric) {
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
      } else {
        while (i < a.length() && Character.isLetter(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isLetter(b.charAt(j))) {
          j++;
        }
      }
      if (sj == j) {
        return numeric ? 1 : -1;
      }
      String sa = a.substring(si, i);
      String sb = b.substring(sj, j);
      if (numeric) {
        sa = sa.replaceFirst("^0+(?=.)", "");
        sb = sb.replaceFirst("^0+(?=.)", "");
        if (sa.length() != sb.length()) {
          return sa.length() > sb.length() ? 1 : -1;
        }
      }
      int c = sa.compareTo(sb);
      if (c != 0) {
        return c < 0 ? -1 : 1;
      }
    }
    boolean aLeft = i < a.length();
    boolean bLeft = j < b.length();
    if (!aLeft && !bLeft) {
      return 0;
    }
    return aLeft ? 1 : -1;
  }
}
