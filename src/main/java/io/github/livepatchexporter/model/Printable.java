package io.github.livepatchexporter.model;

/**
 * Text from the system (thread names, command lines, file names) as {@code ps} shows it on a
 * terminal: every character that is not printable becomes {@code ?}, so a name cannot add a line,
 * move the cursor or recolour the terminal. Printable text, in any script, is left as it is.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with each non-printable character replaced by {@code ?}. */
  public static String of(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!printable(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == n) {
      return text;
    }
    StringBuilder b = new StringBuilder(n).append(text, 0, i);
    while (i < n) {
      int cp = text.codePointAt(i);
      if (printable(cp)) {
        b.appendCodePoint(cp);
      } else {
        b.append('?');
      }
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  /**
   * Not printable: control characters (C0, DEL, C1), format characters (bidirectional overrides,
   * zero-width characters), line and paragraph separators, unpaired surrogates, private-use and
   * unassigned code points, and U+FFFD, which stands for bytes that were not UTF-8.
   */
  public static boolean printable(int cp) {
    if (cp >= 0x20 && cp < 0x7f) {
      return true;
    }
    if (cp == 0xfffd) {
      return false;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
        return false;
      default:
        return true;
    }
  }
}
