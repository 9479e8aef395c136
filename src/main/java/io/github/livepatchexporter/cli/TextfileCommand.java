package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.exporter.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code livepatch-exporter textfile FILE}: one scrape written for node_exporter's textfile
 * collector, atomically: a temporary file in the same directory, then a rename.
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

  TextfileCommand(CliContext ctx, GlobalOptions before) {
    this.ctx = ctx;
    this.before = before;
  }

  @Override
  public Integer call() {
    GlobalOptions o = GlobalOptions.merge(before, after);
    Log log = new Log(ctx.err(), exporter.logLevel);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new CliException(file + ": no such directory " + dir);
    }
    String text;
    try (Exporter ex = exporter.exporter(o, ctx, log)) {
      text = ex.scrapeText();
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
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
      throw new CliException(file + ": cannot write: " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is left behind; it starts with a dot and ends in .tmp
        }
      }
    }
    return ExitCodes.OK;
  }
}
