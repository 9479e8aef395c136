package io.github.livepatchexporter.system.packages;

import io.github.livepatchexporter.system.Commands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Queries the RPM database of a root with {@code rpm --root}. */
public final class Rpm {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What rpm 4 prints (stdout, C locale, exit 1) for a file that no package owns. */
  static final String NOT_OWNED = "is not owned by any package";

  private final Commands commands;
  private final Path rootfs;

  public Rpm(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
  }

  /** An installed package: name, version, release, arch. */
  public record Installed(String name, String version, String release, String arch) {
    public String nvra() {
      return name + "-" + version + "-" + release + "." + arch;
    }

    public String edition() {
      return version + "-" + release;
    }
  }

  /**
   * rpm could not answer: it is not installed ({@link #missing}: a host without rpm has no package
   * facts, which is not an error), or it failed, for example on a corrupt database.
   */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean missing;

    Failure(String message, boolean missing) {
      super(message);
      this.missing = missing;
    }

    public boolean missing() {
      return missing;
    }
  }

  /**
   * The package owning {@code file} (a path inside the root), or empty when none does. Any other
   * answer of rpm is a {@link Failure} naming the database: "not owned" and "rpm failed" must not
   * look alike.
   */
  public Optional<Installed> owner(String file) throws Failure {
    Commands.Result r =
        run(argv("-qf", file, "--queryformat", "%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n"));
    if (!r.ok()) {
      if (r.exit() == 1 && notOwned(r, file)) {
        return Optional.empty();
      }
      throw failed(r);
    }
    String[] f = r.stdout().lines().findFirst().orElse("").split("\t");
    if (f.length != 4) {
      throw new Failure(
          "rpm -qf " + file + ": unexpected answer '" + r.stdout().strip() + "'", false);
    }
    return Optional.of(new Installed(f[0], f[1], f[2], f[3]));
  }

  /**
   * rpm found no package owning the file. When the database has none, rpm checks whether the file
   * exists to choose its words, and with --root it checks outside the root (rpm 4.18 query.c):
   * "file F is not owned by any package" (stdout) or "error: file F: No such file or directory"
   * (stderr) both mean not owned, for a file that the caller found inside the root.
   */
  static boolean notOwned(Commands.Result r, String file) {
    if (r.stdout().contains(NOT_OWNED) && r.stderr().isBlank()) {
      return true;
    }
    List<String> errors = r.stderr().lines().filter(l -> !l.isBlank()).toList();
    return r.stdout().isBlank()
        && errors.size() == 1
        && errors.get(0).startsWith("error: file " + file + ": ");
  }

  /** The changelog of an installed package, newest entry first. */
  public String changelog(Installed pkg) throws Failure {
    Commands.Result r = run(argv("-q", "--changelog", pkg.nvra()));
    if (!r.ok()) {
      throw failed(r);
    }
    return r.stdout();
  }

  private Commands.Result run(List<String> argv) throws Failure {
    try {
      return commands.run(argv, TIMEOUT);
    } catch (Commands.CommandException e) {
      throw new Failure(e.getMessage(), e.notStarted());
    }
  }

  /** One line: where rpm looked for its database, and rpm's own first complaint. */
  private Failure failed(Commands.Result r) {
    String dbpath = "";
    try {
      Commands.Result db = commands.run(argv("--eval", "%{_dbpath}"), TIMEOUT);
      if (db.ok() && !db.stdout().isBlank()) {
        dbpath = " " + db.stdout().strip();
      }
    } catch (Commands.CommandException e) {
      // the message below still has rpm's own words
    }
    String under = rootfs.toString().equals("/") ? "" : " under " + rootfs;
    return new Failure(
        "rpm cannot read its database"
            + dbpath
            + under
            + ": "
            + firstComplaint(r)
            + " (exit status "
            + r.exit()
            + ")",
        false);
  }

  /**
   * rpm's line that names its database (rpm 4 says "cannot open Packages database in DIR" after the
   * backend's own complaint), else its first line.
   */
  static String firstComplaint(Commands.Result r) {
    for (String text : List.of(r.stderr(), r.stdout())) {
      List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      if (!lines.isEmpty()) {
        return lines.stream()
            .filter(l -> l.contains("database in "))
            .findFirst()
            .orElse(lines.get(0));
      }
    }
    return "no output";
  }

  private List<String> argv(String... args) {
    List<String> a = new ArrayList<>(List.of("rpm", "--root", rootfs.toString()));
    a.addAll(List.of(args));
    return a;
  }
}
