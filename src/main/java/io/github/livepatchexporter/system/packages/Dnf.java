package io.github.livepatchexporter.system.packages;

import io.github.livepatchexporter.model.UpdateCheck;
import io.github.livepatchexporter.system.Commands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dnf on a root ({@code --installroot}, the {@code --path.rootfs} of our commands): Red Hat, with
 * kpatch-patch packages. Searches read the system cache only ({@code --cacheonly}), which a user
 * without root may do when it can write a cache directory of its own under /var/tmp (the unit's
 * PrivateTmp gives it one). Epochs are not compared: live patch packages carry none.
 */
public final class Dnf implements PackageManager {
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** dnf 4's line on stderr for repositories it did not read ("Ignoring repositories: a, b"). */
  static final Pattern IGNORED = Pattern.compile("(?m)^Ignoring repositories: (.+)$");

  private final Commands commands;
  private final Path rootfs;

  public Dnf(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
  }

  @Override
  public String refreshCommand() {
    return "dnf makecache";
  }

  @Override
  public String name() {
    return "dnf";
  }

  @Override
  public List<UpdateCheck.Repository> repositories() {
    return Repositories.dnf(rootfs);
  }

  @Override
  public Search search(String name) throws Commands.CommandException {
    Commands.Result r =
        commands.run(
            argv(
                "--cacheonly",
                "--quiet",
                "repoquery",
                "--queryformat",
                "%{name}\\t%{version}\\t%{release}\\t%{arch}\\n",
                name),
            TIMEOUT);
    if (!r.ok()) {
      throw new Commands.CommandException(
          "dnf repoquery: " + Rpm.firstComplaint(r) + " (exit status " + r.exit() + ")");
    }
    return parse(r.stdout(), r.stderr(), repositories().isEmpty());
  }

  static Search parse(String stdout, String stderr, boolean noRepositories) {
    List<Edition> editions = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      String[] f = line.strip().split("\t");
      if (f.length == 4) {
        editions.add(new Edition(f[0], f[1] + "-" + f[2], f[3], false));
      }
    }
    List<String> skipped = new ArrayList<>();
    Matcher m = IGNORED.matcher(stderr);
    while (m.find()) {
      for (String id : m.group(1).split(",")) {
        if (!id.isBlank()) {
          skipped.add(id.strip());
        }
      }
    }
    return new Search(editions, skipped, noRepositories);
  }

  @Override
  public void refresh() throws Commands.CommandException {
    Commands.Result r = commands.run(argv("--assumeyes", "makecache"), TIMEOUT);
    if (!r.ok()) {
      throw new Commands.CommandException("dnf makecache: " + r.lastLine());
    }
  }

  @Override
  public List<String> downgradeCommand(Edition target) {
    return argv(
        "--assumeyes", "downgrade", target.name() + "-" + target.edition() + "." + target.arch());
  }

  private List<String> argv(String... args) {
    List<String> a = new ArrayList<>(List.of("dnf"));
    if (!rootfs.toString().equals("/")) {
      a.add("--installroot=" + rootfs);
    }
    a.addAll(List.of(args));
    return a;
  }
}
