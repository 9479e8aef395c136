package io.github.livepatchexporter.system.packages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads CVEs and other fixes from an RPM changelog ({@code rpm -q --changelog}, newest entry
 * first). SUSE writes one item per {@code - } line, for example {@code - Fix for CVE-2023-1234
 * (bsc#1208909).}; the bug number on a CVE's line tracks that CVE, so it is not listed again as a
 * separate fix. Red Hat kpatch-patch entries read {@code - kpatch fix [bz] {CVE-2024-1086}}.
 */
public final class Changelog {
  static final Pattern CVE = Pattern.compile("\\bCVE-(\\d{4})-(\\d{4,7})\\b");
  static final Pattern BUG =
      Pattern.compile("\\b(bsc|bnc|boo|bz|jsc)#([A-Za-z]+-\\d{1,9}|\\d{1,10})\\b");

  private Changelog() {}

  /** The fixes of one changelog. */
  public record Fixes(List<String> cves, List<String> bugs) {}

  public static Fixes parse(String changelog) {
    Set<String> cves = new LinkedHashSet<>();
    Set<String> bugs = new LinkedHashSet<>();
    for (String item : items(changelog)) {
      Matcher c = CVE.matcher(item);
      boolean hasCve = false;
      while (c.find()) {
        cves.add("CVE-" + c.group(1) + "-" + c.group(2));
        hasCve = true;
      }
      if (hasCve) {
        continue;
      }
      Matcher b = BUG.matcher(item);
      while (b.find()) {
        bugs.add(b.group(1) + "#" + b.group(2));
      }
    }
    return new Fixes(List.copyOf(cves), List.copyOf(bugs));
  }

  /**
   * The changelog's items: each {@code - } line with the indented lines that continue it. Entry
   * headers ({@code * date name}) and kernel-style {@code Fixes:} commit references are skipped.
   */
  static List<String> items(String changelog) {
    List<String> items = new ArrayList<>();
    StringBuilder current = null;
    for (String raw : changelog.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("* ") || line.isEmpty()) {
        current = flush(items, current);
        continue;
      }
      if (line.startsWith("- ") || line.equals("-")) {
        current = flush(items, current);
        current = new StringBuilder(line.substring(1));
      } else if (line.startsWith("Fixes:")) {
        continue;
      } else if (current != null) {
        current.append(' ').append(line);
      } else {
        items.add(line);
      }
    }
    flush(items, current);
    return items;
  }

  private static StringBuilder flush(List<String> items, StringBuilder current) {
    if (current != null) {
      items.add(current.toString());
    }
    return null;
  }
}
