package io.github.livepatchexporter.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parsers for {@code /proc/<pid>/task/<tid>/{stat,cmdline,comm,stack}}. */
public final class ProcTaskFiles {
  /** PF_KTHREAD in include/linux/sched.h: the task is a kernel thread. */
  static final long PF_KTHREAD = 0x00200000L;

  private ProcTaskFiles() {}

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
      throw new KernelFormatException("expected a state letter, got " + SysfsValues.quote(f[0]));
    }
    long flags;
    try {
      flags = Long.parseUnsignedLong(f[6]);
    } catch (NumberFormatException e) {
      throw new KernelFormatException("expected numeric flags, got " + SysfsValues.quote(f[6]));
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
    return SysfsValues.trimNewline(content);
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
    return SysfsValues.quote(SysfsValues.trimNewline(content));
  }
}
