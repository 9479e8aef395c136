package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.LivepatchModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /sys/module/<name>/{taint,refcnt,version,srcversion}}. A live patch module is one whose
 * {@code taint} holds {@code K} (TAINT_LIVEPATCH, set by the module loader for modinfo
 * livepatch=Y). It stays loaded after its patch is replaced or disabled, when its {@code
 * /sys/kernel/livepatch/<name>} directory is gone.
 */
final class ModuleReader {
  private final Problems problems;
  private final ValueFiles values;

  ModuleReader(Problems problems) {
    this.problems = problems;
    this.values = new ValueFiles(problems);
  }

  List<LivepatchModule> read(Path moduleDir, Set<String> registered) {
    List<String> names;
    try {
      names = KernelFile.list(moduleDir, true);
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
