package io.github.livepatchexporter.realkernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The framed captures the guest writes to its second serial port, parsed line by line as they
 * arrive (the format is described at the top of src/test/qemu/init.sh). At each {@code @@ready} the
 * host is asked for the /metrics it scraped in that phase.
 */
final class Capture {
  /** One command of ours run in the guest. */
  record Command(String line, int exit, String out, String err) {}

  /** One phase of a scenario: the kernel's view, the CLI's and the exporter's. */
  static final class Checkpoint {
    final String id;
    final String title;
    KernelView kernel;
    KernelView kernelAfter;
    final List<Command> commands = new ArrayList<>();

    /** How long each command took in the guest, in seconds. */
    final Map<String, String> seconds = new LinkedHashMap<>();

    String metrics = "";

    /** The exit status of wget, for a scrape the guest made itself ({@code @@metrics}). */
    int metricsExit = -1;

    Checkpoint(String id, String title) {
      this.id = id;
      this.title = title;
    }

    Command command(String line) {
      return commands.stream()
          .filter(c -> c.line().equals(line))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("checkpoint " + id + " did not run '" + line + "'"));
    }
  }

  private final Map<String, Checkpoint> checkpoints = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Consumer<Checkpoint> onReady;
  private String release;
  private boolean done;
  private List<String> exporterLog = List.of();

  // The block being read: its kind ("kernel", "kernel-after", "cmd", "exporter") and lines.
  private String block;
  private String[] cmdHeader;
  private List<String> out = new ArrayList<>();
  private List<String> err;
  private Checkpoint current;

  Capture(Consumer<Checkpoint> onReady) {
    this.onReady = onReady;
  }

  void accept(String rawLine) {
    String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
    if (block != null && line.startsWith("|")) {
      (err != null ? err : out).add(line.substring(1));
      return;
    }
    if (line.equals("@@stderr")) {
      err = new ArrayList<>();
    } else if (line.equals("@@end")) {
      endBlock();
    } else if (line.startsWith("@@checkpoint ")) {
      String[] w = line.split(" ", 3);
      current = new Checkpoint(w[1], w.length > 2 ? w[2] : "");
      checkpoints.put(current.id, current);
    } else if (line.equals("@@kernel") || line.equals("@@kernel-after")) {
      startBlock(line.substring(2));
    } else if (line.startsWith("@@metrics ")) {
      // A scrape from within the guest (wget), with its exit status.
      startBlock("metrics");
      current.metricsExit = Integer.parseInt(line.substring("@@metrics ".length()));
    } else if (line.equals("@@exporter")) {
      startBlock("exporter");
    } else if (line.startsWith("@@cmd ")) {
      startBlock("cmd");
      cmdHeader = line.split(" ", 5);
    } else if (line.startsWith("@@ready ")) {
      onReady.accept(checkpoints.get(line.substring("@@ready ".length())));
    } else if (line.startsWith("@@note ")) {
      notes.add(line.substring("@@note ".length()));
    } else if (line.startsWith("@@fail ")) {
      failures.add(line.substring("@@fail ".length()));
    } else if (line.startsWith("@@start ")) {
      release = line.substring("@@start ".length());
    } else if (line.equals("@@done")) {
      done = true;
    }
  }

  private void startBlock(String kind) {
    block = kind;
    out = new ArrayList<>();
    err = null;
  }

  private void endBlock() {
    if (block == null) {
      return;
    }
    switch (block) {
      case "kernel" -> current.kernel = KernelView.parse(out);
      case "kernel-after" -> current.kernelAfter = KernelView.parse(out);
      case "exporter" -> exporterLog = List.copyOf(out);
      case "metrics" -> current.metrics = text(out);
      default -> {
        current.commands.add(
            new Command(
                cmdHeader[4],
                Integer.parseInt(cmdHeader[2]),
                text(out),
                text(err == null ? List.of() : err)));
        current.seconds.put(cmdHeader[4], cmdHeader[3]);
      }
    }
    block = null;
    err = null;
  }

  private static String text(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  Optional<Checkpoint> checkpoint(String id) {
    return Optional.ofNullable(checkpoints.get(id));
  }

  List<Checkpoint> checkpoints() {
    return List.copyOf(checkpoints.values());
  }

  List<String> notes() {
    return notes;
  }

  List<String> failures() {
    return failures;
  }

  Optional<String> release() {
    return Optional.ofNullable(release);
  }

  boolean done() {
    return done;
  }

  List<String> exporterLog() {
    return exporterLog;
  }
}
