package io.github.livepatchexporter.system;

import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.RpmVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Package facts for live patch modules: the owning RPM ({@code rpm -qf}), its changelog's CVEs and
 * fixes, its end of support from lifecycle data, and, when asked, whether zypper sees a newer
 * version. Every failure is a problem in the result, never an exception: a host without rpm simply
 * has no package facts.
 */
public final class PackageLookup {
  private final Commands commands;
  private final Path rootfs;

  public PackageLookup(Commands commands, Path rootfs) {
    this.commands = commands;
    this.rootfs = rootfs;
  }

  /** Facts per module name, and what could not be looked up. */
  public record Result(Map<String, PackageInfo> packages, List<String> problems) {
    public Result {
      packages = Map.copyOf(packages);
      problems = List.copyOf(problems);
    }
  }

  /**
   * @param moduleFiles module name to the module's path inside the root
   * @param checkUpdates also refresh zypper's repositories and look for newer versions
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
    if (checkUpdates && !packages.isEmpty()) {
      checkUpdates(packages, problems);
    }
    return new Result(packages, problems);
  }

  private void checkUpdates(Map<String, PackageInfo> packages, List<String> problems) {
    Zypper zypper = new Zypper(commands, rootfs);
    try {
      zypper.refresh();
      for (Map.Entry<String, PackageInfo> e : packages.entrySet()) {
        PackageInfo p = e.getValue();
        Optional<String> newest =
            zypper.editions(p.name()).stream()
                .map(Zypper.Edition::edition)
                .filter(ed -> RpmVersion.compareEditions(ed, p.edition()) > 0)
                .max(RpmVersion.EDITION_ORDER);
        e.setValue(
            p.withUpdate(Optional.of(new PackageInfo.UpdateStatus(newest.isPresent(), newest))));
      }
    } catch (Commands.CommandException ex) {
      problems.add(ex.getMessage());
    }
  }
}
