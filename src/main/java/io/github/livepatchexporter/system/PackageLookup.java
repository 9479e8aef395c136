package io.github.livepatchexporter.system;

import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.RpmVersion;
import io.github.livepatchexporter.model.UpdateCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Package facts for live patch modules: the owning RPM ({@code rpm -qf}), its changelog's CVEs and
 * fixes, its end of support from lifecycle data, and, when asked, whether zypper's cached metadata
 * holds a newer version. Nothing here needs root: the repositories are never refreshed. Every
 * failure is a problem in the result, never an exception: a host without rpm simply has no package
 * facts, and an update status that cannot be found is unknown, with the reason.
 */
public final class PackageLookup {
  private final Commands commands;
  private final Path rootfs;

  public PackageLookup(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
  }

  /**
   * Facts per module name, and what could not be looked up.
   *
   * @param problems what makes the facts wrong or incomplete: rpm or the lifecycle data failed
   * @param updates how the update status was found, when it was asked for and there were packages
   */
  public record Result(
      Map<String, PackageInfo> packages, List<String> problems, Optional<UpdateCheck> updates) {
    public Result {
      packages = Map.copyOf(packages);
      problems = List.copyOf(problems);
    }

    public static final Result NONE = new Result(Map.of(), List.of(), Optional.empty());
  }

  /**
   * @param moduleFiles module name to the module's path inside the root
   * @param checkUpdates also look for newer versions in zypper's cached repository metadata
   */
  public Result lookup(Map<String, String> moduleFiles, boolean checkUpdates) {
    Map<String, PackageInfo> packages = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Rpm rpm = new Rpm(commands, rootfs);
    Lifecycle lifecycle = Lifecycle.load(rootfs);
    lifecycle.problems().forEach(p -> problems.add(p.toString()));
    for (Map.Entry<String, String> e : moduleFiles.entrySet()) {
      try {
        Optional<Rpm.Installed> owner = rpm.owner(e.getValue());
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
      } catch (Commands.CommandException ex) {
        // A host without rpm (Debian, Ubuntu) has no package facts; that is not a failure.
        if (!ex.getMessage().startsWith("cannot run rpm")) {
          problems.add(ex.getMessage());
        }
        break;
      }
    }
    Optional<UpdateCheck> updates = Optional.empty();
    if (checkUpdates && !packages.isEmpty()) {
      updates = Optional.of(checkUpdates(packages));
    }
    return new Result(packages, problems, updates);
  }

  /**
   * Sets each package's update status from what zypper has cached. A newer version found is known
   * to be available; "none available" needs every enabled repository to have been searched.
   */
  private UpdateCheck checkUpdates(Map<String, PackageInfo> packages) {
    List<UpdateCheck.Repository> repositories = ZypperRepositories.read(rootfs);
    Zypper zypper = new Zypper(commands, rootfs);
    Optional<String> reason = Optional.empty();
    for (Map.Entry<String, PackageInfo> e : packages.entrySet()) {
      PackageInfo p = e.getValue();
      PackageInfo.UpdateStatus status;
      try {
        Zypper.Search found = zypper.search(p.name());
        Optional<String> newest =
            found.editions().stream()
                .map(Zypper.Edition::edition)
                .filter(ed -> RpmVersion.compareEditions(ed, p.edition()) > 0)
                .max(RpmVersion.EDITION_ORDER);
        if (newest.isPresent()) {
          status = PackageInfo.UpdateStatus.newer(newest.get());
        } else if (found.noRepositories()) {
          status = PackageInfo.UpdateStatus.unknown("zypper has no repositories");
        } else if (!found.skipped().isEmpty()) {
          status =
              PackageInfo.UpdateStatus.unknown(
                  "no cached metadata for repositories "
                      + String.join(", ", found.skipped())
                      + " (root refreshes it: zypper refresh)");
        } else {
          status = PackageInfo.UpdateStatus.none();
        }
      } catch (Commands.CommandException ex) {
        status =
            PackageInfo.UpdateStatus.unknown(
                ex.getMessage().startsWith("cannot run zypper")
                    ? "zypper is not installed"
                    : ex.getMessage());
      }
      if (reason.isEmpty()) {
        reason = status.unknownReason();
      }
      e.setValue(p.withUpdate(Optional.of(status)));
    }
    return new UpdateCheck(repositories, reason);
  }
}
