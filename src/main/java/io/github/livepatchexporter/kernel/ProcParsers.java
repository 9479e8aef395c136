package io.github.livepatchexporter.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parsers for procfs files: {@code /proc/<pid>/task/<tid>/{patch_state,stat,cmdline,comm,stack}},
 * the pid and tid directory names, and {@code /proc/sys/kernel/tainted}.
 */
public final class ProcParsers {
  /** PF_KTHREAD in include/linux/sched.h: the task is a kernel thread. */
  static final long PF_KTHREAD = 0x00200000L;

  private ProcParsers() {}

  /** {@code patch_state} (since 4.12): -1 (no transition), 0 (unpatched) or 1 (patched). */
  public static int parsePatchState(String content) throws KernelFormatException {
    String v = SysfsParsers.trimNewline(content);
    return switch (v) {
      case "-1" -> -1;
      case "0" -> 0;
      case "1" -> 1;
      default ->
          throw new KernelFormatException("expected -1, 0 or 1, got " + SysfsParsers.quote(v));
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
    String v = SysfsParsers.trimNewline(content);
    if (!v.matches("[0-9]{1,19}")) {
      throw new KernelFormatException("expected an unsigned integer, got " + SysfsParsers.quote(v));
    }
    return Long.parseLong(v);
  }

  /** A pid or tid directory name (up to 9 digits), or -1 for any other name. */
  static int parseId(String name) {
    int length = name.length();
    if (length == 0 || length > 9) {
      return -1;
    }
    int id = 0;
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      id = id * 10 + (c - '0');
    }
    return id;
  }

  /** The fields of {@code stat} this project uses. */
  public record Stat(char state, boolean kernelThread) {}

  /**
   * {@code stat}: {@code pid (comm) S ppid pgrp session tty_nr tpgid flags ...}. The comm may hold
   * spaces and parentheses, so the fields are counted from the last {@code ')'}.
   */
  public static Stat parseStat(String content) throws KernelFormatException {
    int close = content.lastIndexOf(')');
    if (close < 0 || content.indexOf('(') < 0 || content.indexOf('(') > close) {
      throw new KernelFormatException("expected \"pid (comm) state ...\", got " + q(content));
    }
    String[] f = content.substring(close + 1).trim().split(" +");
    if (f.length < 7 || f[0].length() != 1) {
      throw new KernelFormatException("too few fields after the command name: " + q(content));
    }
    char state = f[0].charAt(0);
    if (!Character.isLetter(state)) {
      throw new KernelFormatException("expected a state letter, got " + SysfsParsers.quote(f[0]));
    }
    long flags;
    try {
      flags = Long.parseUnsignedLong(f[6]);
    } catch (NumberFormatException e) {
      throw new KernelFormatException("expected numeric flags, got " + SysfsParsers.quote(f[6]));
    }
    return new Stat(state, (flags & PF_KTHREAD) != 0);
  }

  /** {@code cmdline}: arguments separated and ended by NUL; empty for kernel threads. */
  public static List<String> parseCmdline(String content) {
    if (content.isEmpty()) {
      return List.of();
    }
    String s = content.endsWith("\0") ? content.substring(0, content.length() - 1) : content;
    return List.copyOf(Arrays.asList(s.split("\0", -1)));
  }

  /** {@code comm}: the task name with its newline; at most 15 bytes, but not enforced here. */
  public static String parseComm(String content) {
    return SysfsParsers.trimNewline(content);
  }

  /** {@code stack}: one frame per line, {@code [<0>] function+0x1a/0x60 [module]}. */
  public static List<String> parseStack(String content) {
    List<String> lines = new ArrayList<>();
    for (String line : content.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.stripTrailing());
      }
    }
    return lines;
  }

  private static String q(String content) {
    return SysfsParsers.quote(SysfsParsers.trimNewline(content));
  }
}
