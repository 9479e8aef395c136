package io.github.livepatchexporter.system;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /**
   * Whether this process may read files only their owner may read, as patch_state of other users'
   * tasks: root, or a process holding CAP_DAC_READ_SEARCH or CAP_DAC_OVERRIDE in its effective set
   * (the shipped unit grants the first). Read from this process's own status file, not from the
   * observed host's --path.procfs.
   */
  public static boolean readsOthersFiles() {
    return isRoot() || readsOthersFiles(ownStatus());
  }

  static boolean readsOthersFiles(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("CapEff:")) {
        try {
          long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
          return (caps & (CAP_DAC_OVERRIDE | CAP_DAC_READ_SEARCH)) != 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  static final long CAP_DAC_OVERRIDE = 1L << 1;
  static final long CAP_DAC_READ_SEARCH = 1L << 2;

  private static String ownStatus() {
    try {
      return Files.readString(Path.of("/proc/self/status"));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  public static long pid() {
    return ProcessHandle.current().pid();
  }
}
