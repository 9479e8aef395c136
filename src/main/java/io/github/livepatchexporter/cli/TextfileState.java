package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.exporter.Exporter;
import java.util.Optional;

/**
 * The state file of {@code textfile}: what a serving exporter remembers between scrapes, carried
 * from one run to the next, so that a transition keeps the time it was first seen and the walk
 * counter keeps counting. Lines {@code KEY VALUE...}; {@code #} comments:
 *
 * <pre>
 * transition lpe_patch_sleeper/patching 1796196380.412
 * proc_walks 12
 * </pre>
 */
final class TextfileState {
  static final String HEADER =
      "# livepatch-exporter textfile state: what the next run carries over. Deleting it restarts"
          + " the transition clock.\n";

  private TextfileState() {}

  /** A state file that is not one, and why, in one line. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  static String format(Exporter.Memory m) {
    StringBuilder b = new StringBuilder(HEADER);
    m.transition()
        .ifPresent(
            t ->
                b.append("transition ")
                    .append(t.transition())
                    .append(' ')
                    .append(java.math.BigDecimal.valueOf(t.since()).toPlainString())
                    .append('\n'));
    b.append("proc_walks ").append(m.procWalks()).append('\n');
    return b.toString();
  }

  static Exporter.Memory parse(String text) throws Unreadable {
    Optional<Exporter.Seen> transition = Optional.empty();
    long walks = -1;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        if (f[0].equals("transition") && f.length == 3 && transition.isEmpty()) {
          double since = Double.parseDouble(f[2]);
          if (!(since > 0) || Double.isInfinite(since)) {
            throw new NumberFormatException();
          }
          transition = Optional.of(new Exporter.Seen(f[1], since));
        } else if (f[0].equals("proc_walks") && f.length == 2 && walks < 0) {
          walks = Long.parseLong(f[1]);
          if (walks < 0) {
            throw new NumberFormatException();
          }
        } else {
          throw new Unreadable("line " + (i + 1) + ": unexpected '" + shown(line) + "'");
        }
      } catch (NumberFormatException e) {
        throw new Unreadable("line " + (i + 1) + ": not a number in '" + shown(line) + "'");
      }
    }
    if (walks < 0) {
      throw new Unreadable("no proc_walks line");
    }
    return new Exporter.Memory(transition, walks);
  }

  /** A line of a file that is not ours, fit for one line of a log: short, no control chars. */
  private static String shown(String line) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < line.length() && b.length() < 60; i++) {
      char c = line.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return line.length() > 60 ? b + "..." : b.toString();
  }
}
