package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.LivepatchModule;
import io.github.livepatchexporter.model.ReadProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /sys/module/<name>/{taint,refcnt,version,srcversion}}
 * (Documentation/ABI/{stable,testing}/sysfs-module, kernel/module): one directory per loaded
 * module. A live patch module is one whose {@code taint} holds {@code K} (TAINT_LIVEPATCH, which
 * the module loader sets for modinfo livepatch=Y). It stays loaded after its patch is replaced or
 * disabled, when its {@code /sys/kernel/livepatch/<name>} directory is gone. Its problems are
 * {@link ReadProblem.Source#MODULES}.
 */
final class ModuleSysfs {
  private final Path moduleDir;
  private final Problems problems;
  private final ValueReader values;

  /** The reader of {@code <sysfs>/module}. */
  ModuleSysfs(Roots roots, Problems.Log log) {
    this.moduleDir = roots.modules();
    this.problems = log.of(ReadProblem.Source.MODULES);
    this.values = new ValueReader(problems);
  }

  /**
   * The loaded live patch modules, sorted by name; {@code registered} names the patches that have a
   * directory under {@code /sys/kernel/livepatch} or {@code /sys/kernel/kgraft}.
   */
  List<LivepatchModule> read(Set<String> registered) {
    List<String> names;
    try {
      names = RawFiles.list(moduleDir, true);
    } catch (IOException e) {
      problems.host(moduleDir, e);
      return List.of();
    }
    List<LivepatchModule> modules = new ArrayList<>();
    for (String name : names) {
      Path dir = moduleDir.resolve(name);
      Optional<String> taint = values.line(dir.resolve("taint"));
      if (taint.isEmpty() || taint.get().indexOf('K') < 0) {
        continue;
      }
      modules.add(
          new LivepatchModule(
              name,
              values.integer(dir.resolve("refcnt")),
              taint,
              values.line(dir.resolve("version")),
              values.line(dir.resolve("srcversion")),
              registered.contains(name)));
    }
    return modules;
  }
}
