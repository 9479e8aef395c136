package io.github.livepatchexporter.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code /sys/kernel/livepatch/<patch>/<object>/}: {@code vmlinux} or the name of a patched module.
 *
 * @param patched {@code patched} (since 6.1): 0 means the target module is not loaded; it is not a
 *     transition signal
 * @param functions the {@code <function>,<sympos>} directories, sorted
 */
public record PatchedObject(
    String name, Optional<Boolean> patched, List<PatchedFunction> functions) {

  public PatchedObject {
    functions = List.copyOf(functions);
  }
}
