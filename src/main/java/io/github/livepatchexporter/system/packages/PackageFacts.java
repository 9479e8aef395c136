package io.github.livepatchexporter.system.packages;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.RpmVersion;
import io.github.livepatchexporter.model.UpdateCheck;
import io.github.livepatchexporter.system.Commands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The package facts of the live patch modules of a state: where each module's file is (every
 * vendor's layout, {@link ModuleFiles}), the RPM owning it ({@code rpm -qf}), its changelog's CVEs
 * and fixes, its end of support from lifecycle data, and, when asked, whether the package manager's
 * cached metadata holds a newer version. Nothing here needs root: the repositories are never
 * refreshed. Nothing throws: a host without rpm has no package facts; what went wrong is a typed
 * {@link PackageProblem}; an update status that cannot be found is unknown, with the reason.
 */
public final class PackageFacts {
  private PackageFacts() {}

  /**
   * Facts per module name, and what could not be looked up.
   *
   * @param problems what makes the facts wrong or incomplete, one line each
   * @param updates how the update status was found, when it was asked for and there were packages
   */
  public record Result(
      Map<String, PackageInfo> packages,
      List<PackageProblem> problems,
      Optional<UpdateCheck> updates) {
    public Result {
      packages = Map.copyOf(packages);
      problems = List.copyOf(problems);
    }

    public static final Result NONE = new Result(Map.of(), List.of(), Optional.empty());

    /** Whether the facts are right: no problem that fails the packages collector. */
    public boolean ok() {
      return problems.stream().noneMatch(PackageProblem::failsCollector);
    }
  }

  /**
   * @param modules the module names to look up (the state's patches, or the active ones)
   * @param checkUpdates also look for newer versions in the package manager's cached metadata
   */
  public static Result lookup(
      LivepatchState state,
      List<String> modules,
      Path rootfs,
      Commands commands,
      boolean checkUpdates) {
    if (state.osRelease().isEmpty() || modules.isEmpty()) {
      return Result.NONE;
    }
    Map<String, List<String>> files = ModuleFiles.find(rootfs, state.osRelease().get(), modules);
    if (files.isEmpty()) {
      return Result.NONE;
    }
    Map<String, PackageInfo> packages = new TreeMap<>();
    List<PackageProblem> problems = new ArrayList<>();
    Rpm rpm = new Rpm(commands, rootfs);
    Lifecycle lifecycle = Lifecycle.load(rootfs);
    problems.addAll(lifecycle.problems());
    try {
      for (Map.Entry<String, List<String>> e : files.entrySet()) {
        Optional<Rpm.Installed> owner = owner(rpm, e.getValue());
        if (owner.isEmpty()) {
          continue;
        }
        Rpm.Installed pkg = owner.get();
        Changelog.Fixes fixes = Changelog.parse(rpm.changelog(pkg));
        packages.put(
            e.getKey(),
            new PackageInfo(
                pkg.name(),
                pkg.version(),
                pkg.release(),
                pkg.arch(),
                fixes.cves(),
                fixes.bugs(),
                lifecycle.endOfSupport(pkg.name(), pkg.version(), pkg.release()),
                Optional.empty()));
      }
    } catch (Rpm.Failure f) {
      // A host without rpm (Debian, Ubuntu) has no package facts; a failing rpm has none either,
      // and says so once.
      if (!f.missing()) {
        problems.add(new PackageProblem(PackageProblem.Kind.RPM_FAILED, f.getMessage()));
      }
      packages.clear();
    }
    Optional<UpdateCheck> updates = Optional.empty();
    if (checkUpdates && !packages.isEmpty()) {
      updates = Optional.of(checkUpdates(packages, PackageManager.of(commands, rootfs), rootfs));
    }
    return new Result(packages, problems, updates);
  }

  /** The package owning the first candidate file that one owns (the kpatch copy has none). */
  static Optional<Rpm.Installed> owner(Rpm rpm, List<String> candidates) throws Rpm.Failure {
    for (String file : candidates) {
      Optional<Rpm.Installed> owner = rpm.owner(file);
      if (owner.isPresent()) {
        return owner;
      }
    }
    return Optional.empty();
  }

  /**
   * Sets each package's update status from what the package manager has cached. A newer version
   * found is known to be available; "none available" needs every enabled repository searched.
   */
  private static UpdateCheck checkUpdates(
      Map<String, PackageInfo> packages, Optional<PackageManager> manager, Path rootfs) {
    if (manager.isEmpty()) {
      String why = "no zypper or dnf configuration under " + rootfs.resolve("etc");
      packages.replaceAll(
          (m, p) -> p.withUpdate(Optional.of(PackageInfo.UpdateStatus.unknown(why))));
      return new UpdateCheck(List.of(), Optional.of(why));
    }
    PackageManager pm = manager.get();
    Optional<String> reason = Optional.empty();
    for (Map.Entry<String, PackageInfo> e : packages.entrySet()) {
      PackageInfo.UpdateStatus status = status(pm, e.getValue());
      if (reason.isEmpty()) {
        reason = status.unknownReason();
      }
      e.setValue(e.getValue().withUpdate(Optional.of(status)));
    }
    return new UpdateCheck(pm.repositories(), reason);
  }

  private static PackageInfo.UpdateStatus status(PackageManager pm, PackageInfo p) {
    PackageManager.Search found;
    try {
      found = pm.search(p.name());
    } catch (Commands.CommandException ex) {
      return PackageInfo.UpdateStatus.unknown(
          ex.notStarted() ? pm.name() + " is not installed" : ex.getMessage());
    }
    Optional<String> newest =
        found.editions().stream()
            .map(PackageManager.Edition::edition)
            .filter(ed -> RpmVersion.compareEditions(ed, p.edition()) > 0)
            .max(RpmVersion.EDITION_ORDER);
    if (newest.isPresent()) {
      return PackageInfo.UpdateStatus.newer(newest.get());
    }
    if (found.noRepositories()) {
      return PackageInfo.UpdateStatus.unknown(pm.name() + " has no repositories");
    }
    if (!found.skipped().isEmpty()) {
      return PackageInfo.UpdateStatus.unknown(
          "no cached metadata for repositories "
              + String.join(", ", found.skipped())
              + " (root refreshes it: "
              + pm.refreshCommand()
              + ")");
    }
    return PackageInfo.UpdateStatus.none();
  }
}
