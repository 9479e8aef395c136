package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.PatchedFunction;
import java.nio.charset.StandardCharsets;

/**
 * Parsers for the one-value files of sysfs and procfs. The kernel writes them with {@code "%d\n"};
 * anything else is rejected with a short message that quotes what was found.
 */
public final class SysfsValues {
  private SysfsValues() {}

  /** {@code enabled}, {@code transition}, {@code replace}, {@code patched}, {@code in_progress}. */
  public static boolean parseFlag(String content) throws KernelFormatException {
    String v = trimNewline(content);
    if (v.equals("0")) {
      return false;
    }
    if (v.equals("1")) {
      return true;
    }
    throw new KernelFormatException("expected 0 or 1, got " + quote(v));
  }

  /** {@code stack_order}, {@code refcnt}: a decimal int. */
  public static int parseInt(String content) throws KernelFormatException {
    String v = trimNewline(content);
    if (!v.matches("-?[0-9]{1,10}")) {
      throw new KernelFormatException("expected an integer, got " + quote(v));
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new KernelFormatException("integer out of range: " + quote(v));
    }
  }

  /** {@code patch_state} (since 4.12): -1 (no transition), 0 (unpatched) or 1 (patched). */
  public static int parsePatchState(String content) throws KernelFormatException {
    String v = trimNewline(content);
    return switch (v) {
      case "-1" -> -1;
      case "0" -> 0;
      case "1" -> 1;
      default -> throw new KernelFormatException("expected -1, 0 or 1, got " + quote(v));
    };
  }

  /**
   * {@code patch_state} as read into a buffer: the walk of every thread calls this, so the three
   * lines the kernel writes ({@code "-1\n"}, {@code "0\n"}, {@code "1\n"}) are recognised without a
   * string; anything else goes to {@link #parsePatchState(String)}, which decides the same way.
   */
  public static int parsePatchState(byte[] content, int length) throws KernelFormatException {
    if (length == 2 && content[1] == '\n' && (content[0] == '0' || content[0] == '1')) {
      return content[0] - '0';
    }
    if (length == 3 && content[0] == '-' && content[1] == '1' && content[2] == '\n') {
      return -1;
    }
    return parsePatchState(new String(content, 0, length, StandardCharsets.ISO_8859_1));
  }

  /** {@code /proc/sys/kernel/tainted}: an unsigned decimal bit mask. */
  public static long parseTainted(String content) throws KernelFormatException {
    String v = trimNewline(content);
    if (!v.matches("[0-9]{1,19}")) {
      throw new KernelFormatException("expected an unsigned integer, got " + quote(v));
    }
    return Long.parseLong(v);
  }

  /** A single-line string file ({@code osrelease}, {@code version}, {@code taint}, ...). */
  public static String parseLine(String content) throws KernelFormatException {
    String v = trimNewline(content);
    if (v.indexOf('\n') >= 0 || v.indexOf('\0') >= 0) {
      throw new KernelFormatException("expected one line, got " + quote(v));
    }
    return v;
  }

  /**
   * A function directory name {@code <function>,<sympos>}, for example {@code meminfo_proc_show,1}.
   */
  public static PatchedFunction parseFunctionDir(String dirName) throws KernelFormatException {
    int comma = dirName.lastIndexOf(',');
    if (comma <= 0 || comma == dirName.length() - 1) {
      throw new KernelFormatException("expected <function>,<sympos>, got " + quote(dirName));
    }
    String sympos = dirName.substring(comma + 1);
    if (!sympos.matches("[0-9]{1,9}")) {
      throw new KernelFormatException("expected a numeric sympos, got " + quote(dirName));
    }
    return new PatchedFunction(dirName.substring(0, comma), Integer.parseInt(sympos));
  }

  static String trimNewline(String content) {
    return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
  }

  /** Quotes a value for an error message: at most 32 characters, control characters escaped. */
  public static String quote(String value) {
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(value.length(), 32);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else {
        b.append(c);
      }
    }
    if (value.length() > n) {
      b.append("...");
    }
    return b.append('"').toString();
  }
}
