package io.github.livepatchexporter.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd: systemd's own tools accept the unit, rate its exposure as low, and create its
 * user; the unit grants exactly the capability that reading other users' tasks needs.
 */
class SystemdUnitTest {
  static final Path DIR = Project.dir().resolve("deploy/systemd");
  static final Path UNIT = DIR.resolve("livepatch-exporter.service");

  /** Textfile mode: the same program, run every 30 s by its timer, under the same hardening. */
  static final Path TEXTFILE = DIR.resolve("livepatch-exporter-textfile.service");

  static final Path TIMER = DIR.resolve("livepatch-exporter-textfile.timer");

  @TempDir Path tmp;

  @Test
  void systemdAnalyzeVerifiesTheUnit() throws Exception {
    // An alternative root holding systemd's targets and slices (the unit's dependencies), the
    // unit, and the launcher where ExecStart expects it.
    Path root = tmp.resolve("root");
    Path units = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
    Path system = Path.of("/usr/lib/systemd/system");
    assertTrue(
        Files.isRegularFile(system.resolve("multi-user.target")),
        system + ": install systemd (scripts/install-test-tools.sh)");
    try (Stream<Path> files = Files.list(system)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if ((name.endsWith(".target") || name.endsWith(".slice"))
            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(f, units.resolve(name));
        }
      }
    }
    Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
    for (Path unit : List.of(UNIT, TEXTFILE, TIMER)) {
      Files.copy(unit, etc.resolve(unit.getFileName()));
    }
    Files.copy(
        Project.dir().resolve("bin/livepatch-exporter"),
        Files.createDirectories(root.resolve("usr/bin")).resolve("livepatch-exporter"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Command.Result r =
        Command.run(
            List.of(
                systemdAnalyze(),
                "verify",
                "--root=" + root,
                UNIT.getFileName().toString(),
                TEXTFILE.getFileName().toString(),
                TIMER.getFileName().toString()));
    assertEquals(0, r.exit(), r.both());
    assertEquals("", r.both(), "warnings (unknown keys, bad values) are failures too");
  }

  @Test
  void exposureStaysLow() throws Exception {
    // systemd's score from 0 (locked down) to 10; 2.0 is what this unit gets, so any loosening
    // fails here.
    for (Path unit : List.of(UNIT, TEXTFILE)) {
      Command.Result r =
          Command.run(
              List.of(
                  systemdAnalyze(),
                  "security",
                  "--offline=yes",
                  "--threshold=20",
                  unit.toString()));
      assertEquals(0, r.exit(), r.both());
      assertTrue(
          r.out().contains("Overall exposure level for " + unit.getFileName() + ": 2.0"), r.out());
    }
  }

  @Test
  void grantsOnlyTheCapabilityToReadOtherUsersTasks() throws Exception {
    Map<String, List<String>> s = service();
    assertEquals(List.of("CAP_DAC_READ_SEARCH"), s.get("CapabilityBoundingSet"));
    assertEquals(List.of("CAP_DAC_READ_SEARCH"), s.get("AmbientCapabilities"));
    assertEquals(List.of("yes"), s.get("NoNewPrivileges"));
    assertEquals(List.of("strict"), s.get("ProtectSystem"));
    assertEquals(List.of("livepatch-exporter"), s.get("User"));
    assertEquals(
        List.of("-/etc/default/livepatch-exporter", "-/etc/sysconfig/livepatch-exporter"),
        s.get("EnvironmentFile"));
    assertEquals(
        List.of("/usr/bin/livepatch-exporter serve $LIVEPATCH_EXPORTER_ARGS"), s.get("ExecStart"));
  }

  /** Textfile mode differs in what it runs and where it may write, nothing else. */
  @Test
  void textfileModeHasTheSameHardening() throws Exception {
    Map<String, List<String>> serve = service(UNIT);
    Map<String, List<String>> textfile = service(TEXTFILE);
    assertEquals(
        List.of(
            "/usr/bin/livepatch-exporter textfile $LIVEPATCH_TEXTFILE_ARGS"
                + " /var/lib/livepatch-exporter/livepatch.prom"),
        textfile.remove("ExecStart"));
    assertEquals(List.of("oneshot"), textfile.remove("Type"));
    assertEquals(List.of("livepatch-exporter"), textfile.remove("StateDirectory"));
    assertEquals(List.of("0755"), textfile.remove("StateDirectoryMode"));
    for (String key : List.of("ExecStart", "Type", "Restart", "RestartSec")) {
      serve.remove(key);
    }
    assertEquals(serve, textfile);
  }

  @Test
  void sysusersCreatesTheUnitsUser() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("sysroot/etc")).getParent();
    Command.Result r =
        Command.run(
            List.of(
                Tools.find("systemd-sysusers", "systemd").toString(),
                "--root=" + root,
                DIR.resolve("livepatch-exporter.sysusers").toString()));
    assertEquals(0, r.exit(), r.both());
    String passwd = Files.readString(root.resolve("etc/passwd"));
    String user = service().get("User").get(0);
    assertTrue(
        passwd.lines().anyMatch(l -> l.startsWith(user + ":") && l.endsWith(":/usr/sbin/nologin")),
        passwd);
    assertTrue(Files.readString(root.resolve("etc/group")).startsWith(user + ":"));
  }

  /** The [Service] section: key → values in order (keys may repeat). */
  static Map<String, List<String>> service() throws Exception {
    return service(UNIT);
  }

  static Map<String, List<String>> service(Path unit) throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    boolean inService = false;
    for (String line : Files.readAllLines(unit)) {
      if (line.startsWith("[")) {
        inService = line.equals("[Service]");
      } else if (inService && !line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        out.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>())
            .add(line.substring(eq + 1));
      }
    }
    return out;
  }

  static String systemdAnalyze() {
    return Tools.find("systemd-analyze", "systemd").toString();
  }
}
