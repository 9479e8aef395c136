package io.github.livepatchexporter.system;

import io.github.livepatchexporter.model.RpmVersion;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code klp downgrade}: finds the installed live patch package of the running kernel and the
 * newest older version the repositories offer, and runs zypper to install it.
 */
public final class Downgrade {
  private final Commands commands;
  private final Path rootfs;

  public Downgrade(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
  }

  /** What will be done: the package, the two editions, and the exact zypper command. */
  public record Plan(String name, String from, String to, String arch, List<String> command) {}

  /** Why there is nothing to do, in one line. */
  public static final class NoPlan extends Exception {
    private static final long serialVersionUID = 1L;

    public NoPlan(String message) {
      super(message);
    }
  }

  /**
   * @param activeModuleFiles module name to its file inside the root, for the active patches
   */
  public Plan plan(String release, Map<String, String> activeModuleFiles) throws NoPlan {
    Rpm rpm = new Rpm(commands, rootfs);
    TreeSet<String> names = new TreeSet<>();
    Rpm.Installed installed = null;
    try {
      for (String file : activeModuleFiles.values()) {
        Optional<Rpm.Installed> owner = rpm.owner(file);
        if (owner.isPresent()) {
          names.add(owner.get().name());
          installed = owner.get();
        }
      }
    } catch (Commands.CommandException e) {
      throw new NoPlan(e.getMessage());
    }
    if (installed == null) {
      throw new NoPlan(
          "no installed live patch package owns an active patch module of kernel " + release);
    }
    if (names.size() > 1) {
      throw new NoPlan(
          "several live patch packages are active ("
              + String.join(", ", names)
              + "): downgrade one with zypper");
    }
    Zypper zypper = new Zypper(commands, rootfs);
    String current = installed.edition();
    Optional<Zypper.Edition> previous;
    try {
      zypper.refresh();
      previous =
          zypper.search(installed.name()).editions().stream()
              .filter(e -> RpmVersion.compareEditions(e.edition(), current) < 0)
              .max(Comparator.comparing(Zypper.Edition::edition, RpmVersion.EDITION_ORDER));
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
    Zypper.Edition to = previous.get();
    return new Plan(
        installed.name(), current, to.edition(), to.arch(), zypper.downgradeCommand(to));
  }

  /** Runs the plan's command; the result carries zypper's exit status and output. */
  public Commands.Result run(Plan plan) throws Commands.CommandException {
    return new Zypper(commands, rootfs).run(plan.command());
  }
}
