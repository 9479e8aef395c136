package io.github.livepatchexporter.system.packages;

import io.github.livepatchexporter.model.RpmVersion;
import io.github.livepatchexporter.system.Commands;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code klp downgrade}: finds the installed live patch package of the running kernel and the
 * newest older version the repositories offer, and runs the root's package manager (zypper on SUSE,
 * dnf on Red Hat) to install it.
 */
public final class Downgrade {
  private final Commands commands;
  private final Path rootfs;
  private final Optional<PackageManager> manager;

  public Downgrade(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
    this.manager = PackageManager.of(commands, rootfs);
  }

  /** What will be done: the package, the two editions, and the exact command of {@code manager}. */
  public record Plan(
      String name, String from, String to, String arch, String manager, List<String> command) {}

  /** Why there is nothing to do, in one line. */
  public static final class NoPlan extends Exception {
    private static final long serialVersionUID = 1L;

    public NoPlan(String message) {
      super(message);
    }
  }

  /**
   * @param activeModuleFiles module name to its candidate files inside the root, for the active
   *     patches ({@link ModuleFiles#find})
   */
  public Plan plan(String release, Map<String, List<String>> activeModuleFiles) throws NoPlan {
    Rpm rpm = new Rpm(commands, rootfs);
    TreeSet<String> names = new TreeSet<>();
    Rpm.Installed installed = null;
    try {
      for (List<String> candidates : activeModuleFiles.values()) {
        Optional<Rpm.Installed> owner = PackageFacts.owner(rpm, candidates);
        if (owner.isPresent()) {
          names.add(owner.get().name());
          installed = owner.get();
        }
      }
    } catch (Rpm.Failure e) {
      throw new NoPlan(e.getMessage());
    }
    if (installed == null) {
      throw new NoPlan(
          "no installed live patch package owns an active patch module of kernel " + release);
    }
    PackageManager pm =
        manager.orElseThrow(
            () -> new NoPlan("no zypper or dnf configuration under " + rootfs.resolve("etc")));
    if (names.size() > 1) {
      throw new NoPlan(
          "several live patch packages are active ("
              + String.join(", ", names)
              + "): downgrade one with "
              + pm.name());
    }
    String current = installed.edition();
    Optional<PackageManager.Edition> previous;
    try {
      pm.refresh();
      previous =
          pm.search(installed.name()).editions().stream()
              .filter(e -> RpmVersion.compareEditions(e.edition(), current) < 0)
              .max(Comparator.comparing(PackageManager.Edition::edition, RpmVersion.EDITION_ORDER));
    } catch (Commands.CommandException e) {
      throw new NoPlan(e.getMessage());
    }
    if (previous.isEmpty()) {
      throw new NoPlan(
          "no version of "
              + installed.name()
              + " older than "
              + current
              + " is available in the repositories");
    }
    PackageManager.Edition to = previous.get();
    return new Plan(
        installed.name(), current, to.edition(), to.arch(), pm.name(), pm.downgradeCommand(to));
  }

  /** Runs the plan's command; the result carries the package manager's exit status and output. */
  public Commands.Result run(Plan plan) throws Commands.CommandException {
    return commands.run(plan.command(), Zypper.TIMEOUT);
  }
}
