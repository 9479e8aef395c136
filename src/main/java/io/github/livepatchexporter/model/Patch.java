package io.github.livepatchexporter.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One registered live patch: a directory {@code /sys/kernel/livepatch/<name>/} (since 3.19).
 *
 * @param name the patch name, which is the module's KBUILD_MODNAME
 * @param enabled {@code enabled}: the target state of this patch (flips at once on a reversal)
 * @param transition {@code transition} (since 4.12): empty on older kernels that lack the file
 * @param replace {@code replace} (since 6.11): an atomic-replace (cumulative) patch
 * @param stackOrder {@code stack_order} (6.13/6.14): the highest order wins
 * @param objects the patched objects ({@code vmlinux} or a module name), sorted by name
 */
public record Patch(
    String name,
    boolean enabled,
    Optional<Boolean> transition,
    Optional<Boolean> replace,
    OptionalInt stackOrder,
    List<PatchedObject> objects) {

  public Patch {
    objects = List.copyOf(objects);
  }

  /** True when this patch's {@code transition} file reads 1. */
  public boolean inTransition() {
    return transition.orElse(false);
  }

  public int functionCount() {
    return objects.stream().mapToInt(o -> o.functions().size()).sum();
  }
}
