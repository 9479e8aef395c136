package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.PatchedFunction;
import io.github.livepatchexporter.model.PatchedObject;
import io.github.livepatchexporter.model.ReadProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code /sys/kernel/livepatch/<patch>/} (Documentation/ABI/testing/sysfs-kernel-livepatch): one
 * directory per registered patch, made by the livepatch core (kernel/livepatch/core.c) since 3.19
 * with {@code enabled} and {@code <object>/<function>,<sympos>/}; {@code transition} since 4.12,
 * {@code <object>/patched} since 6.1, {@code replace} since 6.11, {@code stack_order} since 6.13 or
 * 6.14 (the ABI documents disagree). An attribute the kernel lacks is empty. Never reads {@code
 * force} (4.15): it is write-only and reading it fails even as root. Its problems are {@link
 * ReadProblem.Source#LIVEPATCH}.
 */
final class LivepatchSysfs {
  private final Path livepatchDir;
  private final Problems problems;
  private final ValueReader values;

  /** The reader of {@code <sysfs>/kernel/livepatch}. */
  LivepatchSysfs(Roots roots, Problems.Log log) {
    this.livepatchDir = roots.livepatch();
    this.problems = log.of(ReadProblem.Source.LIVEPATCH);
    this.values = new ValueReader(problems);
  }

  /** Whether {@code /sys/kernel/livepatch/} exists: the kernel was built with CONFIG_LIVEPATCH. */
  boolean exists() {
    return Files.isDirectory(livepatchDir);
  }

  /**
   * The registered patches, sorted by name; a patch that vanishes during the read is skipped.
   * Without DETAILS only {@code enabled} and {@code transition} of each.
   */
  List<Patch> read(boolean details) {
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

  /**
   * The patch in DIR, or empty when it vanished during the read. The kernel frees a patch when its
   * unpatching completes or its enabling fails, and its directory goes with it; a file already open
   * then fails to read (sysfs gives ENODEV). Since 6.13 or 6.14 reading stack_order waits for
   * klp_mutex, which the kernel holds while it sets up, reverses or frees a patch, so a read that
   * waits there may well see the patch go.
   */
  private Optional<Patch> readPatch(Path dir, String name, boolean details) {
    int problemsBefore = problems.count();
    Optional<Patch> patch = readPatchFiles(dir, name, details);
    if (problems.count() > problemsBefore && vanishes(dir)) {
      problems.dropSince(problemsBefore);
      return Optional.empty();
    }
    return patch;
  }

  /** How long a patch whose file failed may take to lose its directory, as a freed patch does. */
  static final long VANISH_MILLIS = 500;

  /**
   * Whether DIR is gone, now or within {@link #VANISH_MILLIS}. The failure comes first: 7.3's
   * stack_order gives ENODEV as soon as the patch leaves the kernel's list, and the directory goes
   * a moment later, when the kernel drops the patch's last reference (under QEMU's TCG,
   * RealKernelIT saw the directory still there right after the failed read). Only a read that
   * already failed waits here.
   */
  private static boolean vanishes(Path dir) {
    long deadline = System.nanoTime() + VANISH_MILLIS * 1_000_000;
    while (Files.isDirectory(dir)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private Optional<Patch> readPatchFiles(Path dir, String name, boolean details) {
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
          functions.add(SysfsParsers.parseFunctionDir(fn));
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
      return RawFiles.list(dir, true);
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
