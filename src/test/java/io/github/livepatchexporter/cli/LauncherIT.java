package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Bin;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers in bin/ when what they need is not where they look: no Java, a JAVA_HOME without
 * bin/java, a launcher copied away from its library. Each says in one line what to do, exit 1.
 */
class LauncherIT {
  @TempDir Path tmp;

  private Command.Result klp(Path launcher, Map<String, String> env) throws Exception {
    Path root = Fixtures.copy("one-enabled", tmp.resolve("fx" + System.nanoTime()));
    List<String> args = new ArrayList<>(List.of(launcher.toString()));
    args.addAll(Fixtures.rootArgs(root));
    args.add("status");
    return Command.of(args).env(env).run();
  }

  @Test
  void noJavaOnThePath() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Command.Result r =
        klp(Bin.dir().resolve("klp"), Map.of("PATH", empty.toString(), "JAVA_HOME", ""));
    assertEquals(1, r.exit(), r.err());
    assertEquals(
        "klp: no Java runtime ('java' not found): install Java 17 or later (Debian and Ubuntu:"
            + " openjdk-17-jre-headless; SLE: java-17-openjdk-headless; RHEL:"
            + " java-17-openjdk-headless) or set JAVA_HOME\n",
        r.err());
  }

  @Test
  void aJavaHomeWithoutJava() throws Exception {
    Command.Result r = klp(Bin.dir().resolve("klp"), Map.of("JAVA_HOME", tmp.toString()));
    assertEquals(
        new Command.Result(
            1,
            "",
            "klp: JAVA_HOME="
                + tmp
                + " has no bin/java: point it at a Java 17 or later runtime, or unset it\n"),
        r);
  }

  @Test
  void aCopiedLauncher() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("elsewhere")).resolve("klp");
    Files.copy(Bin.dir().resolve("klp"), copy);
    Command.Result r = klp(copy, Map.of());
    if (Files.exists(Path.of("/usr/share/livepatch-exporter/bin/livepatch-exporter.sh"))) {
      // An installed library is used by a copy, as it is meant to be.
      assertEquals(new Command.Result(0, "ready\n", ""), r);
    } else {
      assertEquals(
          new Command.Result(
              1,
              "",
              "klp: cannot find livepatch-exporter.sh beside "
                  + copy.getParent()
                  + "/ or in /usr/share/livepatch-exporter/bin/: link this script to the"
                  + " installed one rather than copying it\n"),
          r);
    }
  }
}
