package io.github.livepatchexporter.web;

import io.github.livepatchexporter.model.Printable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The small pieces the landing page is written with: escaping, times, ages, table rows. */
final class Html {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final StringBuilder b = new StringBuilder();

  /** HTML-escaped, and non-printable characters shown as {@code ?}, as in the CLI's text. */
  static String esc(String s) {
    return Printable.of(s)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /**
   * A {@code <time>} element: the instant in UTC to the second, machine-readable in its attribute.
   */
  static String time(Instant t) {
    return "<time datetime=\""
        + DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        + "\">"
        + SHOWN.format(t)
        + "</time>";
  }

  /** A day as {@code <time>}: end of support is a date, not an instant. */
  static String day(Instant t) {
    return "<time datetime=\"" + DAY.format(t) + "\">" + DAY.format(t) + "</time>";
  }

  /**
   * An age as people say it: {@code 45 s}, {@code 12 min 5 s}, {@code 3 h 12 min}, {@code 2 d 3 h}.
   */
  static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    if (s < 86400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86400 + " d " + s % 86400 / 3600 + " h";
  }

  /** Whole days from {@code now} to {@code t}, rounded toward the past: negative once passed. */
  static long daysUntil(Instant now, Instant t) {
    return Math.floorDiv(t.getEpochSecond() - now.getEpochSecond(), 86400);
  }

  /** Appends markup as it is. */
  Html raw(String markup) {
    b.append(markup);
    return this;
  }

  /** Appends text, escaped. */
  Html text(String text) {
    b.append(esc(text));
    return this;
  }

  Html text(long n) {
    b.append(n);
    return this;
  }

  /** A table row of cells given as markup. */
  Html row(String... cells) {
    b.append("<tr>");
    for (String c : cells) {
      b.append("<td>").append(c).append("</td>");
    }
    b.append("</tr>\n");
    return this;
  }

  /** A header row. */
  Html head(String... names) {
    b.append("<thead><tr>");
    for (String n : names) {
      b.append("<th scope=\"col\">").append(esc(n)).append("</th>");
    }
    b.append("</tr></thead>\n");
    return this;
  }

  /** A link, the text escaped. */
  static String link(String href, String text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
