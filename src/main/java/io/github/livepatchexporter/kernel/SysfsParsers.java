package io.github.livepatchexporter.kernel;

import io.github.livepatchexporter.model.PatchedFunction;

/**
 * Parsers for the one-value attribute files of sysfs ({@code enabled}, {@code transition}, {@code
 * stack_order}, {@code refcnt}, {@code taint}, ...) and the names of livepatch function
 * directories. The kernel writes the values with {@code "%d\n"} or {@code "%s\n"}; a few procfs
 * files ({@code osrelease}, {@code kgr_in_progress}) share the format. Anything else is rejected
 * with a short message that quotes what was found.
 */
public final class SysfsParsers {
  private SysfsParsers() {}

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
