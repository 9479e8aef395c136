package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Bin;
import io.github.livepatchexporter.testutil.Child;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Command.Result;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar through the real launchers in bin/, as a user runs them: on fixture trees, on
 * this machine's own kernel, with real signals and as an unprivileged user.
 */
class CliIT {
  @TempDir Path tmp;

  @BeforeAll
  static void launchers() {
    Bin.assertPackaged();
  }

  static Result run(String tool, String... args) throws Exception {
    return Bin.run(tool, args);
  }

  static String[] on(Path root, String... args) {
    return Fixtures.on(root, args);
  }

  @Test
  void patchingStalledThroughTheLauncher() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Result blocking = run("klp", on(root, "-vv", "blocking"));
    assertEquals(0, blocking.exit(), blocking.err());
    assertEquals("", blocking.err());
    List<String> processLines = blocking.out().lines().filter(l -> !l.startsWith(" ")).toList();
    assertEquals(
        List.of(
            "312 [klp_sleeper]",
            "845 cat /proc/klp_sleeper",
            "900 /usr/bin/java -Xmx64m -jar app with spaces.jar",
            "1200 dd if=/dev/zero of=/var/tmp/big bs=1M"),
        processLines);
    assertTrue(
        blocking
            .out()
            .contains(
                "    902 reader-1 S\n        [<0>] klp_sleeper_wait+0x5a/0xa0 [klp_sleeper]\n"),
        blocking.out());
    assertEquals(CliRun.run(Tool.KLP, on(root, "-vv", "blocking")).out, blocking.out());
    assertEquals(new Result(0, "in_progress\n", ""), run("klp", on(root, "status")));
    assertEquals(new Result(1, "", ""), run("klp", on(root, "check")));
    assertEquals(new Result(1, "", ""), run("kgr", on(root, "check")));
  }

  /**
   * {@code klp status} takes the quick path and finds its classes in the archive that {@code mvn
   * package} made, and defines none at run time: a lambda, a stream or a string concatenation on
   * that path would spin classes (java.lang.invoke's), which costs JDK 17 10 to 25 ms of a start
   * that is otherwise about the JVM's own (bench/RESULTS.md).
   */
  @Test
  void statusStartsFromTheClassDataArchive() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Path archive = Project.dir().resolve("target/livepatch-exporter-cli.jsa");
    assertTrue(Files.isRegularFile(archive), archive + " missing: 'mvn package' makes it");
    Loaded status = klpLoggingClasses(on(root, "status"));
    assertEquals(new Result(0, "in_progress\n", ""), status.result());
    List<String> ours =
        status.classes().stream().filter(l -> l.contains(" io.github.livepatchexporter.")).toList();
    assertTrue(
        ours.stream().anyMatch(l -> l.contains("cli.QuickStart source: shared objects file")),
        String.join("\n", ours));
    assertTrue(ours.stream().noneMatch(l -> l.contains("source: file:")), String.join("\n", ours));
    List<String> notArchived =
        status.classes().stream()
            .filter(l -> l.contains("[class,load]") && !l.contains("source: shared objects file"))
            .toList();
    assertEquals(List.of(), notArchived, "classes defined or read at run time");
  }

  /** A run of {@code klp} and the classes its JVM loaded, one log line each. */
  record Loaded(Result result, List<String> classes) {}

  Loaded klpLoggingClasses(String... args) throws Exception {
    Path log = Files.createTempFile(tmp, "classes", ".log");
    Result r =
        Bin.run(List.of("env", "LIVEPATCH_JAVA_OPTS=-Xlog:class+load:file=" + log), "klp", args);
    return new Loaded(r, Files.readAllLines(log));
  }

  /**
   * The archive was trained on the other commands scripts run too: they take their classes of ours
   * from it (the JDK may still define a lambda or two of its streams at run time).
   */
  @Test
  void blockingAndPatchesStartFromTheClassDataArchive() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    for (List<String> command :
        List.of(List.of("blocking"), List.of("-vv", "blocking"), List.of("-v", "patches"))) {
      Loaded run = klpLoggingClasses(on(root, command.toArray(String[]::new)));
      assertEquals(0, run.result().exit(), run.result().err());
      List<String> notArchived =
          run.classes().stream()
              .filter(l -> l.contains(" io.github.livepatchexporter."))
              .filter(l -> !l.contains("source: shared objects file"))
              .toList();
      assertEquals(List.of(), notArchived, String.join(" ", command));
    }
  }

  /**
   * The launchers find the jar and its archive however they are reached: through a symbolic link
   * (as /usr/bin/klp is installed) and by a bare name from their own directory.
   */
  @Test
  void launcherThroughALinkAndByItsBareName() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    List<String> status = new ArrayList<>(Fixtures.rootArgs(root));
    status.add("status");
    Path link = Files.createDirectories(tmp.resolve("usr/bin")).resolve("klp");
    Files.createSymbolicLink(link, Bin.dir().resolve("klp"));
    List<String> viaLink = new ArrayList<>(List.of(link.toString()));
    viaLink.addAll(status);
    List<String> bare = new ArrayList<>(List.of("sh", "klp"));
    bare.addAll(status);
    for (Command c : List.of(Command.of(viaLink), Command.of(bare).dir(Bin.dir()))) {
      assertEquals(new Result(0, "in_progress\n", ""), c.run(), c.describe());
    }
  }

  /** What klp's own shell test decides, run by bash on this machine's /sys. */
  static String oracleStatus() throws Exception {
    String script =
        "s=ready; for p in /sys/kernel/livepatch/*/transition; do"
            + " [ 0$(cat \"$p\" 2>/dev/null) -ne 0 ] && s=in_progress; done;"
            + " [ \"$(cat /sys/kernel/kgraft/in_progress 2>/dev/null)\" = 1 ] && s=in_progress; echo $s";
    Result r = Command.of("bash", "-c", script).run();
    assertEquals(0, r.exit(), r.err());
    return r.out();
  }

  @Test
  void thisMachinesKernel() throws Exception {
    String expected = oracleStatus();
    Result status = run("klp", "status");
    assertEquals(new Result(0, expected, ""), status);
    assertEquals(expected.equals("ready\n") ? 0 : 1, run("klp", "check").exit());
    Result blocking = run("klp", "blocking");
    assertEquals(0, blocking.exit(), blocking.err());
    if (expected.equals("ready\n")) {
      assertEquals("", blocking.out(), "nothing blocks a ready kernel");
    }
    Result patches = run("klp", "-o", "json", "patches");
    assertEquals(0, patches.exit(), patches.err());
    assertTrue(patches.out().contains("\"patches\": "), patches.out());
  }

  @Test
  void badInputThroughTheLauncher() throws Exception {
    Result unknown = run("klp", "frobnicate");
    assertEquals(1, unknown.exit());
    assertEquals("klp: unknown command 'frobnicate'", unknown.err().lines().findFirst().orElse(""));
    assertEquals(
        List.of("klp: unknown command 'frobnicate'", "Try 'klp --help' for more information."),
        unknown.err().lines().toList());
    Result missing = run("kgr", "--path.sysfs=/nonexistent/sys", "status");
    assertEquals(new Result(1, "", "kgr: /nonexistent/sys: no such directory\n"), missing);
    Result version = run("livepatch-exporter", "--version");
    assertEquals(0, version.exit());
    // As Prometheus' tools print it: version, branch, revision, build user and date, runtime.
    List<String> lines = version.out().lines().toList();
    assertEquals(5, lines.size(), version.out());
    assertTrue(
        lines
            .get(0)
            .matches("livepatch-exporter, version \\S+ \\(branch: \\S+, revision: [0-9a-f]{40}\\)"),
        version.out());
    assertTrue(lines.get(1).matches("  build user: +\\S+@\\S+"), version.out());
    assertTrue(lines.get(2).matches("  build date: +\\d{8}-\\d\\d:\\d\\d:\\d\\d"), version.out());
    assertTrue(lines.get(3).startsWith("  java version:     java17"), version.out());
    assertTrue(lines.get(4).matches("  platform: +linux/\\S+"), version.out());
  }

  @Test
  void pokeSignalsARealProcess() throws Exception {
    Path log = tmp.resolve("cont.log");
    Path ready = tmp.resolve("ready");
    try (Child victim =
        Command.of(
                "bash",
                "-c",
                "trap 'echo CONT >> \"$1\"' CONT; touch \"$2\"; while :; do sleep 0.05; done",
                "sh",
                log.toString(),
                ready.toString())
            .start(tmp.resolve("victim.log"))) {
      for (int i = 0; i < 500 && !Files.exists(ready); i++) {
        Thread.sleep(20);
      }
      Path root = Fixtures.copy("reversed-transition", tmp);
      // Give the blocking task of the fixture the pid of the real process.
      String pid = Long.toString(victim.pid());
      Path fake = root.resolve("proc/845");
      Path real = root.resolve("proc/" + pid);
      Files.move(fake, real);
      Files.move(real.resolve("task/845"), real.resolve("task/" + pid));
      Result r = run("kgr", on(root, "-n", "-v", "poke"));
      assertEquals(new Result(0, "sending " + pid + " STOP/CONT\n", ""), r);
      for (int i = 0;
          i < 250 && !(Files.exists(log) && Files.readString(log).contains("CONT"));
          i++) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(log) && Files.readString(log).contains("CONT"), "SIGCONT arrived");
      assertTrue(victim.isAlive(), "poked, not killed");
    }
  }

  @Test
  void warnsWhenNotRoot() throws Exception {
    Path fixture = Fixtures.source("patching-stalled");
    List<String> asNobody = Bin.asNobody();
    Result r = Bin.run(asNobody, "klp", on(fixture, "blocking"));
    assertEquals(0, r.exit(), r.err());
    assertEquals(StateCommand.NOT_ROOT_WARNING + "\n", r.err());
    assertEquals("312\n845\n900\n1200\n", r.out());
    Result host = Bin.run(asNobody, "klp", "blocking");
    assertEquals(0, host.exit(), host.err());
    assertTrue(host.err().startsWith(StateCommand.NOT_ROOT_WARNING), host.err());
    assertFalse(host.err().contains("Exception"), host.err());
  }
}
