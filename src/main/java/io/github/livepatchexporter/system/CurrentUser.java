package io.github.livepatchexporter.system;

import com.sun.security.auth.module.UnixSystem;

/**
 * The user this process runs as. Without root (or CAP_DAC_READ_SEARCH) the mode 0400 files {@code
 * patch_state} and {@code stack} of other users' tasks cannot be read.
 */
public final class CurrentUser {
  private CurrentUser() {}

  public static boolean isRoot() {
    try {
      return new UnixSystem().getUid() == 0;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  public static long pid() {
    return ProcessHandle.current().pid();
  }
}
