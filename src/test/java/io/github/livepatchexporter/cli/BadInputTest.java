package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments and bad kernel files: each gives a first stderr line that names the argument or the
 * file, the documented exit code, and never a stack trace. Usage errors add where help is;
 * everything else is exactly one line.
 */
class BadInputTest {
  interface Setup {
    void apply(Path root) throws IOException;
  }

  record Case(
      String name,
      Tool tool,
      String scenario,
      Setup setup,
      List<String> args,
      int exit,
      String firstLine,
      boolean usage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Setup write(String file, String content) {
    return root -> Files.writeString(root.resolve(file), content);
  }

  /** Replaces a file by a directory: reading it fails, as an unreadable file would. */
  static Setup unreadable(String file) {
    return root -> {
      Files.delete(root.resolve(file));
      Files.createDirectory(root.resolve(file));
    };
  }

  static final Setup NONE = root -> {};
  static final String LP = "sys/kernel/livepatch/livepatch_1_1_1/";
  static final String SLP = "sys/kernel/livepatch/livepatch_sleeper_2_1_1/";

  static Case usage(String name, Tool tool, String firstLine, String... args) {
    return new Case(name, tool, "one-enabled", NONE, List.of(args), 1, firstLine, true);
  }

  /** A bad option value found after parsing: one line, no usage text. */
  static Case argument(String name, String firstLine, String... args) {
    return new Case(name, Tool.KLP, "one-enabled", NONE, List.of(args), 1, firstLine, false);
  }

  static Case file(String name, String scenario, Setup setup, String firstLine, String... args) {
    return new Case(name, Tool.KLP, scenario, setup, List.of(args), 1, firstLine, false);
  }

  static Case warning(String name, String scenario, Setup setup, String firstLine, String... args) {
    return new Case(name, Tool.KLP, scenario, setup, List.of(args), 0, firstLine, false);
  }

  static Stream<Case> cases() {
    return Stream.of(
        usage("unknown command", Tool.KLP, "klp: unknown command 'frobnicate'", "frobnicate"),
        usage("unknown option", Tool.KLP, "klp: unknown option '--frob'", "--frob", "status"),
        usage("unknown option after command", Tool.KLP, "klp: unknown option '-x'", "status", "-x"),
        usage("extra argument", Tool.KLP, "klp: unexpected argument 'now'", "status", "now"),
        usage("missing command", Tool.KLP, "klp: missing command"),
        usage(
            "bad output format",
            Tool.KLP,
            "klp: --output: expected text or json, got 'xml'",
            "-o",
            "xml",
            "status"),
        usage(
            "output without value",
            Tool.KLP,
            "klp: --output: needs a value: text or json",
            "status",
            "-o"),
        usage("kgr has no downgrade", Tool.KGR, "kgr: unknown command 'downgrade'", "downgrade"),
        usage("klp has no poke", Tool.KLP, "klp: unknown command 'poke'", "poke"),
        usage(
            "klp has no blocking_threads",
            Tool.KLP,
            "klp: unknown command 'blocking_threads'",
            "blocking_threads"),
        usage(
            "dry-run belongs to poke",
            Tool.KGR,
            "kgr: unknown option '--dry-run'",
            "status",
            "--dry-run"),
        argument(
            "empty sysfs path", "klp: --path.sysfs: must not be empty", "--path.sysfs=", "status"),
        argument(
            "NUL in procfs path",
            "klp: --path.procfs: invalid path",
            "--path.procfs=a\0b",
            "blocking"),
        file(
            "missing procfs root for status",
            "one-enabled",
            root -> deleteTree(root.resolve("proc")),
            "klp: <root>/proc: no such directory",
            "status"),
        file(
            "procfs root that is a file",
            "one-enabled",
            root -> {
              deleteTree(root.resolve("proc"));
              Files.writeString(root.resolve("proc"), "");
            },
            "klp: <root>/proc: not a directory",
            "check"),
        file(
            "missing sysfs root",
            "one-enabled",
            root -> deleteTree(root.resolve("sys")),
            "klp: <root>/sys: no such directory",
            "status"),
        file(
            "missing procfs root",
            "patching-stalled",
            root -> deleteTree(root.resolve("proc")),
            "klp: <root>/proc: no such directory",
            "blocking"),
        file(
            "sysfs root is a file",
            "one-enabled",
            root -> {
              deleteTree(root.resolve("sys"));
              Files.writeString(root.resolve("sys"), "");
            },
            "klp: <root>/sys: not a directory",
            "status"),
        file(
            "garbage enabled",
            "one-enabled",
            write(LP + "enabled", "on\n"),
            "klp: <root>/" + LP + "enabled: expected 0 or 1, got \"on\"",
            "status"),
        file(
            "empty enabled",
            "one-enabled",
            write(LP + "enabled", ""),
            "klp: <root>/" + LP + "enabled: expected 0 or 1, got \"\"",
            "check"),
        file(
            "garbage transition",
            "one-enabled",
            write(LP + "transition", "2\n"),
            "klp: <root>/" + LP + "transition: expected 0 or 1, got \"2\"",
            "check"),
        file(
            "unreadable transition",
            "one-enabled",
            unreadable(LP + "transition"),
            "klp: <root>/" + LP + "transition: Is a directory",
            "status"),
        file(
            "missing enabled",
            "one-enabled",
            root -> Files.delete(root.resolve(LP + "enabled")),
            "klp: <root>/" + LP + "enabled: missing",
            "status"),
        file(
            "garbage replace",
            "one-enabled",
            write(LP + "replace", "maybe\n"),
            "klp: <root>/" + LP + "replace: expected 0 or 1, got \"maybe\"",
            "patches"),
        file(
            "garbage stack_order",
            "one-enabled",
            write(LP + "stack_order", "first\n"),
            "klp: <root>/" + LP + "stack_order: expected an integer, got \"first\"",
            "-v",
            "patches"),
        file(
            "garbage patched",
            "one-enabled",
            write(LP + "vmlinux/patched", "\u0001\n"),
            "klp: <root>/" + LP + "vmlinux/patched: expected 0 or 1, got \"\\x01\"",
            "patches"),
        file(
            "bad function directory",
            "one-enabled",
            root -> Files.createDirectory(root.resolve(LP + "vmlinux/no_sympos")),
            "klp: <root>/"
                + LP
                + "vmlinux/no_sympos: expected <function>,<sympos>, got \"no_sympos\"",
            "patches"),
        file(
            "garbage refcnt",
            "one-enabled",
            write("sys/module/livepatch_1_1_1/refcnt", "-\n"),
            "klp: <root>/sys/module/livepatch_1_1_1/refcnt: expected an integer, got \"-\"",
            "patches"),
        file(
            "garbage tainted",
            "one-enabled",
            write("proc/sys/kernel/tainted", "K\n"),
            "klp: <root>/proc/sys/kernel/tainted: expected an unsigned integer, got \"K\"",
            "-o",
            "json",
            "patches"),
        file(
            "two-line osrelease",
            "one-enabled",
            write("proc/sys/kernel/osrelease", "6.1\n6.2\n"),
            "klp: <root>/proc/sys/kernel/osrelease: expected one line, got \"6.1\\n6.2\"",
            "patches"),
        file(
            "garbage kGraft in_progress",
            "kgraft-legacy",
            write("sys/kernel/kgraft/in_progress", "yes\n"),
            "klp: <root>/sys/kernel/kgraft/in_progress: expected 0 or 1, got \"yes\"",
            "status"),
        file(
            "two problems",
            "replace-stack",
            root -> {
              Files.writeString(root.resolve(LP + "enabled"), "x");
              Files.writeString(root.resolve("sys/kernel/livepatch/livepatch_2_1_1/enabled"), "y");
            },
            "klp: <root>/" + LP + "enabled: expected 0 or 1, got \"x\" (and 1 more)",
            "status"),
        warning(
            "garbage patch_state",
            "patching-stalled",
            write("proc/845/task/845/patch_state", "0x1\n"),
            "klp: warning: could not read 1 task (first: <root>/proc/845/task/845/patch_state: expected -1, 0 or 1, got \"0x1\")",
            "blocking"),
        warning(
            "unreadable patch_state",
            "patching-stalled",
            unreadable("proc/900/task/902/patch_state"),
            "klp: warning: could not read 1 task (first: <root>/proc/900/task/902/patch_state: Is a directory)",
            "blocking"),
        warning(
            "garbage stat",
            "patching-stalled",
            write("proc/845/task/845/stat", "845 cat\n"),
            "klp: warning: some details of blocking tasks could not be read (first: <root>/proc/845/task/845/stat: expected \"pid (comm) state ...\", got \"845 cat\")",
            "-v",
            "blocking"),
        warning(
            "unreadable stack",
            "patching-stalled",
            unreadable("proc/845/task/845/stack"),
            "klp: warning: some details of blocking tasks could not be read (first: <root>/proc/845/task/845/stack: Is a directory)",
            "-vv",
            "blocking"),
        new Case(
            "downgrade without a terminal",
            Tool.KLP,
            "one-enabled",
            NONE,
            List.of("downgrade"),
            1,
            "klp: downgrade: not changing packages without confirmation: no terminal (pass -n to skip it)",
            false),
        new Case(
            "downgrade without a package",
            Tool.KLP,
            "one-enabled",
            NONE,
            List.of("-n", "downgrade"),
            1,
            "klp: downgrade: no installed live patch package owns an active patch module of kernel 6.1.0-28-amd64",
            false),
        new Case(
            "downgrade with a missing rootfs",
            Tool.KLP,
            "one-enabled",
            NONE,
            List.of("-n", "downgrade", "--path.rootfs=/nonexistent/root"),
            1,
            "klp: --path.rootfs: /nonexistent/root: no such directory",
            false),
        new Case(
            "poke without a terminal",
            Tool.KGR,
            "patching-stalled",
            NONE,
            List.of("poke"),
            1,
            "kgr: poke: not sending signals without confirmation: no terminal (pass -n to skip it)",
            false));
  }

  static Case serve(String name, String firstLine, String... args) {
    List<String> a = new ArrayList<>(List.of("serve", "--web.listen-address=127.0.0.1:0"));
    a.addAll(List.of(args));
    return new Case(name, Tool.EXPORTER, "one-enabled", NONE, a, 1, firstLine, false);
  }

  /** A value of the wrong type for serve: GNU's two lines. */
  static Case serveUsage(String name, String firstLine, String... args) {
    List<String> a = new ArrayList<>(List.of("serve", "--web.listen-address=127.0.0.1:0"));
    a.addAll(List.of(args));
    return new Case(name, Tool.EXPORTER, "one-enabled", NONE, a, 1, firstLine, true);
  }

  static Stream<Case> serveCases() {
    String x = "livepatch-exporter: ";
    return Stream.of(
        serve(
            "listen address without port",
            x + "--web.listen-address: 'localhost': expected [host]:port",
            "--web.listen-address=localhost"),
        serve(
            "listen port out of range",
            x + "--web.listen-address: ':70000': port must be",
            "--web.listen-address=:70000"),
        serve(
            "bare IPv6 listen address",
            x + "--web.listen-address: '::1:9977': write an IPv6 address in brackets",
            "--web.listen-address=::1:9977"),
        serve(
            "unknown listen host",
            x + "--web.listen-address: 'no-such-host.invalid:1': unknown host",
            "--web.listen-address=no-such-host.invalid:1"),
        serve(
            "telemetry path without slash",
            x + "--web.telemetry-path: 'metrics'",
            "--web.telemetry-path=metrics"),
        serve(
            "telemetry path under /-/",
            x + "--web.telemetry-path: '/-/metrics'",
            "--web.telemetry-path=/-/metrics"),
        serve(
            "negative max requests",
            x + "--web.max-requests: must be from 0 to 1000",
            "--web.max-requests=-1"),
        serve(
            "negative page refresh",
            x + "--web.landing-page.refresh-seconds: must be from 0 to 86400",
            "--web.landing-page.refresh-seconds=-1"),
        serveUsage(
            "page refresh not a number",
            x + "--web.landing-page.refresh-seconds: expected a whole number, got 'often'",
            "--web.landing-page.refresh-seconds=often"),
        serve(
            "missing web config",
            x + "--web.config.file: /nonexistent/web.yml: no such file",
            "--web.config.file=/nonexistent/web.yml"),
        serve(
            "missing config file",
            x + "--config.file: /nonexistent/c.yml: no such file",
            "--config.file=/nonexistent/c.yml"),
        new Case(
            "bad log level",
            Tool.EXPORTER,
            "one-enabled",
            NONE,
            List.of("serve", "--log.level=loud"),
            1,
            x + "--log.level: expected debug, info, warn or error, got 'loud'",
            true),
        new Case(
            "bad log format",
            Tool.EXPORTER,
            "one-enabled",
            NONE,
            List.of("serve", "--log.format=xml"),
            1,
            x + "--log.format: expected logfmt or json, got 'xml'",
            true),
        new Case(
            "unknown collector",
            Tool.EXPORTER,
            "one-enabled",
            NONE,
            List.of("serve", "--collector.cpu"),
            1,
            x + "unknown option '--collector.cpu'",
            true),
        new Case(
            "textfile into a missing directory",
            Tool.EXPORTER,
            "one-enabled",
            NONE,
            List.of("textfile", "/nonexistent/dir/x.prom"),
            1,
            x + "/nonexistent/dir/x.prom: no such directory",
            false),
        new Case(
            "textfile onto a directory",
            Tool.EXPORTER,
            "one-enabled",
            NONE,
            List.of("textfile", "/tmp"),
            1,
            x + "/tmp: is a directory; name the file to write in it, such as /tmp/livepatch.prom",
            false));
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(x);
      }
    }
  }

  static Stream<Case> allCases() {
    return Stream.concat(cases(), serveCases());
  }

  /**
   * A name that a local user or a file chose, with the line of text it must become: non-printable
   * characters shown as {@code ?}, as ps shows them, so that no name adds a line or reaches the
   * terminal raw; printable names of any script unchanged. {@code -o json} keeps them as they are.
   */
  record Shown(String name, Setup setup, List<String> args, String line) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String TASK = "proc/845/task/845/";

  static Stream<Shown> shown() {
    return Stream.of(
        new Shown(
            "a thread name with a newline",
            write(TASK + "comm", "a\"} 9\nfake 1\n"),
            List.of("-vv", "blocking"),
            "    845 a\"} 9?fake 1 S"),
        new Shown(
            "a thread name with a terminal escape",
            write(TASK + "comm", "\u001b[2J\u001b]0;x\u0007cat\n"),
            List.of("-vv", "blocking"),
            "    845 ?[2J?]0;x?cat S"),
        new Shown(
            "a command line with a newline and a tab",
            write(TASK + "cmdline", "cat\0/proc/klp_sleeper\nfake 1\0\tx\0"),
            List.of("-v", "blocking"),
            "845 cat /proc/klp_sleeper?fake 1 ?x"),
        new Shown(
            "a command line with a bidirectional override and a C1 control",
            write(TASK + "cmdline", "cat\0\u202eevil\u009b31m\0"),
            List.of("-v", "blocking"),
            "845 cat ?evil?31m"),
        new Shown(
            "a command line that is not UTF-8",
            root ->
                Files.write(root.resolve(TASK + "cmdline"), new byte[] {'c', (byte) 0xff, 'x', 0}),
            List.of("-v", "blocking"),
            "845 c?x"),
        new Shown(
            "printable names of other scripts",
            write(TASK + "cmdline", "käse\0日本語\0Ωmega\0"),
            List.of("-v", "blocking"),
            "845 käse 日本語 Ωmega"),
        new Shown(
            "a stack line with an escape",
            write(TASK + "stack", "[<0>] klp_sleeper_wait+0x5a/0xa0 \u001b[31m\n"),
            List.of("-vv", "blocking"),
            "        [<0>] klp_sleeper_wait+0x5a/0xa0 ?[31m"),
        new Shown(
            "kgr: a command line with a newline",
            write(TASK + "cmdline", "cat\nfake 1\0"),
            List.of("kgr", "-v", "blocking_threads"),
            "845 845 cat?fake 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shown")
  void nonPrintableCharactersShownAsPsShowsThem(Shown c, @TempDir Path tmp) throws IOException {
    Path root = Fixtures.copy("patching-stalled", tmp);
    c.setup().apply(root);
    List<String> args = new ArrayList<>(c.args());
    Tool tool = Tool.KLP;
    if (args.get(0).equals("kgr")) {
      tool = Tool.KGR;
      args.remove(0);
    }
    args.addAll(0, Fixtures.rootArgs(root));
    CliRun r = CliRun.run(tool, args.toArray(String[]::new));
    assertEquals(0, r.exit, r.err);
    assertTrue(
        r.out.lines().anyMatch(c.line()::equals), "no line '" + c.line() + "' in:\n" + r.out);
    assertFalse(r.out.lines().anyMatch(l -> l.startsWith("fake")), r.out);
    assertFalse(r.out.chars().anyMatch(ch -> ch < 0x20 && ch != '\n'), r.out);
    args.add(0, "-o");
    args.add(1, "json");
    CliRun json = CliRun.run(tool, args.toArray(String[]::new));
    assertEquals(0, json.exit, json.err);
    assertFalse(json.out.lines().anyMatch(l -> l.startsWith("fake")), json.out);
    assertFalse(
        json.out.chars().anyMatch(ch -> ch < 0x20 && ch != '\n'),
        "JSON escapes them instead: " + json.out);
  }

  @org.junit.jupiter.api.Test
  void aPathWithAnEscapeIsShownAsPsShowsIt() {
    CliRun r = CliRun.run(Tool.KLP, "--path.sysfs=/nonexistent/\u001b[2Jx\nfake", "status");
    assertEquals(1, r.exit, r.err);
    assertEquals("klp: /nonexistent/?[2Jx?fake: no such directory\n", r.err);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void oneClearLine(Case c, @TempDir Path tmp) throws IOException {
    Path root = Fixtures.copy(c.scenario(), tmp);
    Files.createDirectories(root.resolve("rootfs"));
    c.setup().apply(root);
    List<String> args = new ArrayList<>(Fixtures.rootArgs(root));
    args.addAll(c.args());
    CliRun r = CliRun.run(c.tool(), args.toArray(String[]::new));
    List<String> lines = r.err.replace(root.toString(), "<root>").lines().toList();
    assertEquals(c.exit(), r.exit, r.err);
    assertFalse(lines.isEmpty(), "nothing on stderr");
    assertTrue(lines.get(0).startsWith(c.firstLine()), "first line: " + lines.get(0));
    assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), r.err);
    if (c.usage()) {
      // GNU's form: the error, then where help is; not the whole usage text.
      assertEquals(2, lines.size(), r.err);
      assertTrue(
          lines
              .get(1)
              .matches("Try '(klp|kgr|livepatch-exporter)( \\w+)? --help' for more information\\."),
          r.err);
      assertEquals("", r.out);
    } else {
      assertEquals(1, lines.size(), r.err);
    }
  }
}
