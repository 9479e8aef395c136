package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code livepatch-exporter textfile FILE}: one scrape written for node_exporter's textfile
 * collector, atomically: a temporary file in the same directory, then a rename. A state file
 * carries what a serving exporter remembers from one run to the next (when the transition in
 * progress was first seen), so that run from a timer it alerts as the server does.
 */
@Command(name = "textfile", description = "Write the metrics once to FILE (.prom), atomically.")
final class TextfileCommand implements Callable<Integer> {
  private final CliContext ctx;
  private final GlobalOptions before;

  @Mixin GlobalOptions after = new GlobalOptions();
  @Mixin ExporterOptions exporter = new ExporterOptions();

  @Parameters(
      paramLabel = "FILE",
      description =
          "The file to write, for example /var/lib/node_exporter/textfile/livepatch.prom.")
  Path file;

  @Option(
      names = "--textfile.state-file",
      paramLabel = "STATE",
      description =
          "What the next run carries over: when the transition in progress was first seen"
              + " (default: FILE.state, which node_exporter does not read).")
  Path stateFile;

  TextfileCommand(CliContext ctx, GlobalOptions before) {
    this.ctx = ctx;
    this.before = before;
  }

  @Override
  public Integer call() {
    GlobalOptions o = GlobalOptions.merge(before, after);
    Log log = exporter.log(ctx.err());
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new CliException(file + ": no such directory " + dir);
    }
    if (Files.isDirectory(target)) {
      throw new CliException(
          file
              + ": is a directory; name the file to write in it, such as "
              + file
              + "/livepatch.prom");
    }
    Path state = stateFile != null ? stateFile.toAbsolutePath() : Path.of(target + ".state");
    Exporter.Memory memory = readState(state, Files.exists(target), log);
    String text;
    Exporter.Memory after;
    try (Exporter ex = exporter.exporter(o, ctx, log, line -> {})) {
      ex.remember(memory);
      text = ex.scrapeText();
      after = ex.memory();
    }
    write(target, text, file);
    write(state, TextfileState.format(after), state);
    return ExitCodes.OK;
  }

  /**
   * The state of the previous run. Missing on the first run (no output yet) is normal; missing
   * beside an output, unreadable or not understood is one warning, and the clock starts anew.
   */
  private static Exporter.Memory readState(Path state, boolean outputExists, Log log) {
    String text;
    try {
      text = Files.readString(state, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (outputExists) {
        log.warn(state + ": no state file beside the output: the transition clock starts anew");
      }
      return Exporter.Memory.NONE;
    } catch (IOException | RuntimeException e) {
      log.warn(
          state + ": cannot read it (" + e.getMessage() + "): the transition clock starts anew");
      return Exporter.Memory.NONE;
    }
    try {
      return TextfileState.parse(text);
    } catch (TextfileState.Unreadable e) {
      log.warn(
          state + ": not a state file (" + e.getMessage() + "): the transition clock starts anew");
      return Exporter.Memory.NONE;
    }
  }

  /** Writes {@code text} to {@code target} atomically: a temporary file beside it, a rename. */
  private static void write(Path target, String text, Path named) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      // Readable by node_exporter, which runs as its own user.
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new CliException(named + ": cannot write: " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is left behind; it starts with a dot and ends in .tmp
        }
      }
    }
  }
}
