package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.kernel.ModuleFiles;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.system.Commands;
import io.github.livepatchexporter.system.PackageLookup;
import java.nio.file.Path;
import java.util.Map;

/** Package facts for the live patch modules of a state, as the CLI looks them up. */
final class Packages {
  private Packages() {}

  static PackageLookup.Result lookup(
      LivepatchState state, Path rootfs, Commands commands, boolean checkUpdates) {
    if (state.osRelease().isEmpty() || state.patchNames().isEmpty()) {
      return PackageLookup.Result.NONE;
    }
    Map<String, String> files =
        ModuleFiles.find(rootfs, state.osRelease().get(), state.patchNames());
    if (files.isEmpty()) {
      return PackageLookup.Result.NONE;
    }
    return new PackageLookup(commands, rootfs).lookup(files, checkUpdates);
  }
}
