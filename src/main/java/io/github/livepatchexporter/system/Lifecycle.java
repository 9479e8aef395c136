package io.github.livepatchexporter.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * SUSE lifecycle data ({@code zypper lifecycle}): CSV lines {@code name,version,date[,successor]},
 * {@code #} comments, {@code *} wildcards in name and version, {@code /regex/} names, dates in UTC.
 * Read from {@code {var/lib,usr/lib,usr/share}/lifecycle/data/*.lifecycle} under the root.
 */
public final class Lifecycle {
  static final List<String> DIRS =
      List.of("var/lib/lifecycle/data", "usr/lib/lifecycle/data", "usr/share/lifecycle/data");

  /** One data line. */
  public record Entry(Pattern name, Pattern version, Instant endOfSupport) {}

  /** A line that could not be used: the file, the line number and why. */
  public record Problem(String file, int line, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + message;
    }
  }

  private final List<Entry> entries;
  private final List<Problem> problems;

  private Lifecycle(List<Entry> entries, List<Problem> problems) {
    this.entries = List.copyOf(entries);
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** Every lifecycle file under {@code rootfs}, in directory order, files sorted by name. */
  public static Lifecycle load(Path rootfs) {
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (String dir : DIRS) {
      Path d = rootfs.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*.lifecycle")) {
        s.forEach(files::add);
      } catch (IOException e) {
        problems.add(new Problem(d.toString(), 0, "cannot list: " + e.getMessage()));
        continue;
      }
      files.sort(null);
      for (Path f : files) {
        try {
          parse(f.toString(), Files.readString(f, StandardCharsets.UTF_8), entries, problems);
        } catch (IOException e) {
          problems.add(new Problem(f.toString(), 0, "cannot read: " + e.getMessage()));
        }
      }
    }
    return new Lifecycle(entries, problems);
  }

  public static Lifecycle parse(String name, String text) {
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    parse(name, text, entries, problems);
    return new Lifecycle(entries, problems);
  }

  private static void parse(String file, String text, List<Entry> entries, List<Problem> problems) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length < 3 || f.length > 4) {
        problems.add(new Problem(file, i + 1, "expected name,version,date[,successor]"));
        continue;
      }
      try {
        Instant date = LocalDate.parse(f[2].strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
        entries.add(new Entry(namePattern(f[0].strip()), wildcard(f[1].strip()), date));
      } catch (DateTimeParseException e) {
        problems.add(
            new Problem(file, i + 1, "expected a date as YYYY-MM-DD, got '" + f[2].strip() + "'"));
      } catch (PatternSyntaxException e) {
        problems.add(new Problem(file, i + 1, "bad regular expression " + f[0].strip()));
      }
    }
  }

  /**
   * The end of support of a package version: the last matching line wins, so a later file or line
   * can correct an earlier one. The version field is matched against the version and against
   * version-release.
   */
  public Optional<Instant> endOfSupport(String name, String version, String release) {
    Optional<Instant> found = Optional.empty();
    for (Entry e : entries) {
      if (e.name().matcher(name).matches()
          && (e.version().matcher(version).matches()
              || e.version().matcher(version + "-" + release).matches())) {
        found = Optional.of(e.endOfSupport());
      }
    }
    return found;
  }

  private static Pattern namePattern(String name) {
    if (name.length() > 2 && name.startsWith("/") && name.endsWith("/")) {
      return Pattern.compile(name.substring(1, name.length() - 1));
    }
    return wildcard(name);
  }

  private static Pattern wildcard(String glob) {
    if (glob.isEmpty()) {
      throw new PatternSyntaxException("empty", glob, 0);
    }
    List<String> parts = new ArrayList<>();
    for (String part : glob.split("\\*", -1)) {
      parts.add(Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts));
  }
}
