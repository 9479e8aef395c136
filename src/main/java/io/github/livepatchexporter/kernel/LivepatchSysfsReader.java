package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.PatchedFunction;
import io.github.livepatchexporter.model.PatchedObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code /sys/kernel/livepatch/<patch>/} (Documentation/ABI/testing/sysfs-kernel-livepatch, since
 * 3.19). Never reads {@code force}: it is write-only and reading it fails even as root.
 */
final class LivepatchSysfsReader {
  private final Problems problems;
  private final ValueFiles values;

  LivepatchSysfsReader(Problems problems) {
    this.problems = problems;
    this.values = new ValueFiles(problems);
  }

  /** The registered patches, sorted by name; a patch that vanishes during the read is skipped. */
  List<Patch> read(Path livepatchDir, boolean details) {
    List<Patch> patches = new ArrayList<>();
    for (String name : listDirs(livepatchDir)) {
      // No method reference: `klp status` comes through here (see StateReader#read).
      Optional<Patch> patch = readPatch(livepatchDir.resolve(name), name, details);
      if (patch.isPresent()) {
        patches.add(patch.get());
      }
    }
    return patches;
  }

  private Optional<Patch> readPatch(Path dir, String name, boolean details) {
    Optional<Boolean> enabled = flag(dir.resolve("enabled"));
    if (enabled.isEmpty()) {
      if (Files.isDirectory(dir) && !Files.exists(dir.resolve("enabled"))) {
        problems.host(dir.resolve("enabled"), "missing");
      }
      return Optional.empty();
    }
    // transition: since 4.12, absent on older kernels.
    Optional<Boolean> transition = flag(dir.resolve("transition"));
    Optional<Boolean> replace = Optional.empty();
    OptionalInt stackOrder = OptionalInt.empty();
    List<PatchedObject> objects = List.of();
    if (details) {
      replace = flag(dir.resolve("replace"));
      stackOrder = integer(dir.resolve("stack_order"));
      objects = readObjects(dir);
    }
    return Optional.of(new Patch(name, enabled.get(), transition, replace, stackOrder, objects));
  }

  private List<PatchedObject> readObjects(Path patchDir) {
    List<PatchedObject> objects = new ArrayList<>();
    for (String object : listDirs(patchDir)) {
      Path dir = patchDir.resolve(object);
      // patched: since 6.1.
      Optional<Boolean> patched = flag(dir.resolve("patched"));
      List<PatchedFunction> functions = new ArrayList<>();
      for (String fn : listDirs(dir)) {
        try {
          functions.add(SysfsValues.parseFunctionDir(fn));
        } catch (KernelFormatException e) {
          problems.host(dir.resolve(fn), e.getMessage());
        }
      }
      objects.add(new PatchedObject(object, patched, functions));
    }
    return objects;
  }

  private List<String> listDirs(Path dir) {
    try {
      return KernelFile.list(dir, true);
    } catch (IOException e) {
      problems.host(dir, e);
      return List.of();
    }
  }

  private Optional<Boolean> flag(Path file) {
    return values.flag(file);
  }

  private OptionalInt integer(Path file) {
    return values.integer(file);
  }
}
