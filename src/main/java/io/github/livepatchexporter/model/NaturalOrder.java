package io.github.livepatchexporter.model;

import java.util.Comparator;

/**
 * Compares names with runs of digits taken as numbers, so {@code livepatch_9_1} sorts before {@code
 * livepatch_10_1}: the order in which patch versions were released.
 */
public enum NaturalOrder implements Comparator<String> {
  INSTANCE;

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    int zerosFirstDiffer = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && a.charAt(i) == '0') {
          i++;
        }
        while (j < b.length() && b.charAt(j) == '0') {
          j++;
        }
        int di = i;
        int dj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        int lengthDiff = (i - di) - (j - dj);
        if (lengthDiff != 0) {
          return lengthDiff;
        }
        int cmp = a.substring(di, i).compareTo(b.substring(dj, j));
        if (cmp != 0) {
          return cmp;
        }
        if (zerosFirstDiffer == 0) {
          // 1 and 01 are equal as numbers; fewer leading zeros first, if nothing else decides.
          zerosFirstDiffer = (i - si) - (j - sj);
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int rest = Integer.compare(a.length() - i, b.length() - j);
    return rest != 0 ? rest : Integer.signum(zerosFirstDiffer);
  }
}
