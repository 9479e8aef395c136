package io.github.livepatchexporter.system.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * SUSE lifecycle data, read as {@code zypper lifecycle} reads it (SUSE/zypper-lifecycle): CSV lines
 * {@code name,version[,date[,successor]]}, fields stripped, lines starting with {@code #} skipped.
 * The name is a {@code /regex/} (searched, unanchored), or has {@code *} wildcards, or is exact;
 * the version has {@code *} wildcards. The date may be empty (its test data: "date can be empty if
 * successor is specified"): such a line matches and clears the end of support, as the last matching
 * line always decides. Dates are UTC. Read from {@code
 * {var/lib,usr/lib,usr/share}/lifecycle/data/*.lifecycle} under the root: every product's file, so
 * a line no tool accepts is ignored and said once per file, never fatal.
 */
public final class Lifecycle {
  static final List<String> DIRS =
      List.of("var/lib/lifecycle/data", "usr/lib/lifecycle/data", "usr/share/lifecycle/data");
  static final Pattern DATE =
      Pattern.compile(
          "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})"
              + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(Z|[+-]\\d{2}:?\\d{2})?)?(?:\\s.*)?");

  /** One data line; an empty end of support clears what earlier lines said. */
  /**
   * One data line: a {@code /regex/} name, or a name with {@code *} wildcards; a version with
   * wildcards; an empty end of support clears what earlier lines said.
   */
  public record Entry(
      Optional<Pattern> nameRegex,
      String nameGlob,
      String versionGlob,
      Optional<Instant> endOfSupport) {}

  private final List<Entry> entries;
  private final List<PackageProblem> problems;

  private Lifecycle(List<Entry> entries, List<PackageProblem> problems) {
    this.entries = List.copyOf(entries);
    this.problems = List.copyOf(problems);
  }

  /** Files that could not be read, and one problem per file with lines that were ignored. */
  public List<PackageProblem> problems() {
    return problems;
  }

  /** Every lifecycle file under {@code rootfs}, in directory order, files sorted by name. */
  public static Lifecycle load(Path rootfs) {
    List<Entry> entries = new ArrayList<>();
    List<PackageProblem> problems = new ArrayList<>();
    for (String dir : DIRS) {
      Path d = rootfs.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.lifecycle")) {
        s.forEach(files::add);
      } catch (IOException e) {
        problems.add(unreadable(d, e));
        continue;
      }
      files.sort(null);
      for (Path f : files) {
        try {
          parse(f.toString(), Files.readString(f, StandardCharsets.UTF_8), entries, problems);
        } catch (IOException e) {
          problems.add(unreadable(f, e));
        }
      }
    }
    return new Lifecycle(entries, problems);
  }

  public static Lifecycle parse(String name, String text) {
    List<Entry> entries = new ArrayList<>();
    List<PackageProblem> problems = new ArrayList<>();
    parse(name, text, entries, problems);
    return new Lifecycle(entries, problems);
  }

  private static PackageProblem unreadable(Path p, IOException e) {
    return new PackageProblem(
        PackageProblem.Kind.LIFECYCLE_UNREADABLE,
        "lifecycle data " + p + ": cannot read it: " + e.getMessage());
  }

  private static void parse(
      String file, String text, List<Entry> entries, List<PackageProblem> problems) {
    String[] lines = text.split("\n", -1);
    int ignored = 0;
    String first = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        entries.add(entry(fields(line)));
      } catch (IllegalArgumentException e) {
        if (ignored++ == 0) {
          first = "line " + (i + 1) + ": " + e.getMessage();
        }
      }
    }
    if (ignored > 0) {
      problems.add(
          new PackageProblem(
              PackageProblem.Kind.LIFECYCLE_LINES,
              "lifecycle data "
                  + file
                  + ": "
                  + ignored
                  + (ignored == 1 ? " line" : " lines")
                  + " ignored ("
                  + first
                  + ")"));
    }
  }

  private static Entry entry(List<String> f) {
    if (f.size() < 2 || f.get(0).isEmpty() || f.get(1).isEmpty()) {
      throw new IllegalArgumentException("expected name,version[,date[,successor]]");
    }
    String name = f.get(0);
    Optional<Instant> date = f.size() > 2 ? date(f.get(2)) : Optional.empty();
    try {
      boolean regex = name.length() > 2 && name.startsWith("/") && name.endsWith("/");
      Optional<Pattern> p =
          regex
              ? Optional.of(Pattern.compile(name.substring(1, name.length() - 1)))
              : Optional.empty();
      return new Entry(p, name, f.get(1), date);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regular expression " + name);
    }
  }

  /** A date as Ruby's Time.parse reads SUSE's: YYYY-MM-DD, maybe a time and zone; empty is none. */
  static Optional<Instant> date(String field) {
    if (field.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DATE.matcher(field);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a date as YYYY-MM-DD, got '" + field + "'");
    }
    try {
      LocalDate day =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      if (m.group(4) == null) {
        return Optional.of(day.atStartOfDay().toInstant(ZoneOffset.UTC));
      }
      LocalDateTime t =
          day.atTime(
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      ZoneOffset zone =
          m.group(7) == null || m.group(7).equals("Z")
              ? ZoneOffset.UTC
              : ZoneOffset.of(
                  m.group(7).length() == 5
                      ? m.group(7).substring(0, 3) + ":" + m.group(7).substring(3)
                      : m.group(7));
      return Optional.of(OffsetDateTime.of(t, zone).toInstant());
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException("expected a date as YYYY-MM-DD, got '" + field + "'");
    }
  }

  /** The fields of a CSV line, stripped; double quotes group a field, {@code ""} is a quote. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"' && f.toString().isBlank()) {
        f.setLength(0);
        quoted = true;
      } else if (c == ',') {
        out.add(f.toString().strip());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unclosed quote");
    }
    out.add(f.toString().strip());
    return out;
  }

  /**
   * The end of support of a package version: the last matching line wins, so a later file or line
   * can correct an earlier one, and a line without a date makes it unknown. The version field is
   * matched against version-release, as zypper lifecycle does, and against the version alone.
   */
  public Optional<Instant> endOfSupport(String name, String version, String release) {
    Optional<Instant> found = Optional.empty();
    for (Entry e : entries) {
      if (matches(e, name, version, release)) {
        found = e.endOfSupport();
      }
    }
    return found;
  }

  /**
   * A {@code /regex/} name comes from the data: one written to backtrack for ever (a ReDoS) must
   * not hang the lookup, so matching gives up after {@link #MATCH_STEPS} character reads, and such
   * a line matches nothing.
   */
  private static boolean matches(Entry e, String name, String version, String release) {
    try {
      boolean named =
          e.nameRegex().isPresent()
              ? e.nameRegex().get().matcher(new Bounded(name)).find()
              : glob(e.nameGlob(), name);
      return named
          && (glob(e.versionGlob(), version) || glob(e.versionGlob(), version + "-" + release));
    } catch (Bounded.TooLong t) {
      return false;
    }
  }

  static final int MATCH_STEPS = 20_000;

  /** A character sequence that counts its reads and stops a regex that reads too many. */
  private static final class Bounded implements CharSequence {
    static final class TooLong extends RuntimeException {
      private static final long serialVersionUID = 1L;

      TooLong() {
        super(null, null, false, false);
      }
    }

    private final String s;
    private final int[] steps;

    Bounded(String s) {
      this(s, new int[] {0});
    }

    private Bounded(String s, int[] steps) {
      this.s = s;
      this.steps = steps;
    }

    @Override
    public char charAt(int i) {
      if (++steps[0] > MATCH_STEPS) {
        throw new TooLong();
      }
      return s.charAt(i);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Bounded(s.substring(start, end), steps);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  /**
   * Whether {@code s} matches {@code pattern}, whose {@code *} stands for any run of characters:
   * the greedy walk with one backtrack point, linear in practice and never exponential, however
   * many stars a line has.
   */
  static boolean glob(String pattern, String s) {
    int p = 0;
    int i = 0;
    int star = -1;
    int mark = 0;
    while (i < s.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = i;
      } else if (p < pattern.length() && pattern.charAt(p) == s.charAt(i)) {
        p++;
        i++;
      } else if (star >= 0) {
        p = star + 1;
        i = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
