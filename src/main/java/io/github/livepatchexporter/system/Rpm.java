package io.github.livepatchexporter.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Queries the RPM database of a root with {@code rpm --root}. */
public final class Rpm {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
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

  /** The package owning {@code file} (a path inside the root), or empty when none does. */
  public Optional<Installed> owner(String file) throws Commands.CommandException {
    Commands.Result r =
        commands.run(
            argv("-qf", file, "--queryformat", "%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n"),
            TIMEOUT);
    if (!r.ok()) {
      return Optional.empty();
    }
    String[] f = r.stdout().lines().findFirst().orElse("").split("\t");
    return f.length == 4 ? Optional.of(new Installed(f[0], f[1], f[2], f[3])) : Optional.empty();
  }

  /** The changelog of an installed package, newest entry first. */
  public String changelog(Installed pkg) throws Commands.CommandException {
    Commands.Result r = commands.run(argv("-q", "--changelog", pkg.nvra()), TIMEOUT);
    if (!r.ok()) {
      throw new Commands.CommandException("rpm -q --changelog " + pkg.nvra() + ": " + r.lastLine());
    }
    return r.stdout();
  }

  private List<String> argv(String... args) {
    List<String> a = new ArrayList<>(List.of("rpm", "--root", rootfs.toString()));
    a.addAll(List.of(args));
    return a;
  }
}
