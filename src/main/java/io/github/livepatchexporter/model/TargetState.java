package io.github.livepatchexporter.model;

/** The state a transition moves tasks to: {@code klp_target_state} as user space can see it. */
public enum TargetState {
  /** Target 0: the patch is being removed ({@code enabled} is 0 during the transition). */
  UNPATCHED(0, "unpatching"),
  /** Target 1: the patch is being applied ({@code enabled} is 1 during the transition). */
  PATCHED(1, "patching");

  private final int value;
  private final String direction;

  TargetState(int value, String direction) {
    this.value = value;
    this.direction = direction;
  }

  public static TargetState of(boolean enabled) {
    return enabled ? PATCHED : UNPATCHED;
  }

  /** The {@code patch_state} value of a task that has reached this target. */
  public int value() {
    return value;
  }

  /** "patching" or "unpatching", as the kernel log says it. */
  public String direction() {
    return direction;
  }
}
