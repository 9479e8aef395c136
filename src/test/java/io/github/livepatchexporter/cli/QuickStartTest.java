package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuickStartTest {
  static Stream<String> scenarios() {
    return Fixtures.SCENARIOS.stream();
  }

  /** The plain forms scripts use, as they spell them; the roots are added to each. */
  static final List<List<String>> PLAIN =
      List.of(
          List.of("status"),
          List.of("-v", "status"),
          List.of("check"),
          List.of("blocking"),
          List.of("-v", "blocking"),
          List.of("-vv", "blocking"),
          List.of("blocking", "-v"),
          List.of("--verbose", "blocking", "-v"),
          List.of("patches"),
          List.of("-v", "patches"),
          List.of("-vv", "patches"),
          List.of("patches", "--verbose"));

  /** kgr's own command, in the same forms. */
  static final List<List<String>> KGR_ONLY =
      List.of(
          List.of("blocking_threads"),
          List.of("-v", "blocking_threads"),
          List.of("-vv", "blocking_threads"));

  /**
   * The quick path answers exactly as the full parser does, on every fixture host: the same exit
   * code, output and warnings. Where it leaves a command to the full parser, it has printed
   * nothing, and the full parser reports a problem.
   */
  @ParameterizedTest
  @MethodSource("scenarios")
  void answersAsTheFullParserDoes(String scenario, @TempDir Path tmp) {
    Path root = Fixtures.copy(scenario, tmp);
    List<String> roots = Fixtures.rootArgs(root);
    for (Tool tool : List.of(Tool.KLP, Tool.KGR)) {
      List<List<String>> forms = new ArrayList<>(PLAIN);
      if (tool == Tool.KGR) {
        forms.addAll(KGR_ONLY);
      }
      for (List<String> form : forms) {
        List<String> argv = new ArrayList<>(roots);
        argv.addAll(form);
        String[] args = argv.toArray(String[]::new);
        CliRun quick = CliRun.quick(tool, args);
        CliRun full = CliRun.run(tool, args);
        String what = scenario + ": " + tool + " " + String.join(" ", form);
        if (quick.exit >= 0) {
          assertEquals(full.exit, quick.exit, what);
          assertEquals(full.out, quick.out, what);
          assertEquals(full.err, quick.err, what);
        } else {
          assertEquals("", quick.out + quick.err, what + ": printed, then left it to the parser");
          assertTrue(full.exit > ExitCodes.IN_PROGRESS || !full.err.isEmpty(), what);
        }
      }
    }
  }

  @Test
  void takesThePlainFormsOfMostHosts(@TempDir Path tmp) {
    for (String command : List.of("status", "blocking", "-v patches")) {
      long answered =
          Fixtures.SCENARIOS.stream()
              .filter(
                  s -> {
                    Path root = Fixtures.copy(s, tmp.resolve(command).resolve(s));
                    List<String> argv = new ArrayList<>(Fixtures.rootArgs(root));
                    argv.addAll(List.of(command.split(" ")));
                    return CliRun.quick(Tool.KLP, argv.toArray(String[]::new)).exit >= 0;
                  })
              .count();
      assertTrue(answered >= Fixtures.SCENARIOS.size() - 2, command + ": " + answered);
    }
  }

  @Test
  void leavesEverythingElseToTheFullParser(@TempDir Path tmp) {
    String sys = "--path.sysfs=" + Fixtures.copy("one-enabled", tmp).resolve("sys");
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {sys},
            new String[] {"-v"},
            new String[] {"status", "--output", "json"},
            new String[] {"--output=json", "status"},
            new String[] {"-o", "json", "blocking"},
            new String[] {"status", "check"},
            new String[] {"blocking", "patches"},
            new String[] {"status", "extra"},
            new String[] {"-vn", "blocking"},
            new String[] {"-V", "blocking"},
            new String[] {"-", "blocking"},
            new String[] {"blocking_threads"},
            new String[] {"downgrade"},
            new String[] {"-n", "downgrade"},
            new String[] {"poke"},
            new String[] {"--path.sysfs=", "status"},
            new String[] {"--path.rootfs=", "patches"},
            new String[] {"--path.sysfs", "/sys", "status"},
            new String[] {"--path.procfs=\0", "check"},
            new String[] {"--path.procfs=\0", "blocking"},
            new String[] {"@args", "blocking"},
            new String[] {"--help"},
            new String[] {"blocking", "--help"})) {
      CliRun quick = CliRun.quick(Tool.KLP, args);
      assertEquals(-1, quick.exit, String.join(" ", args));
      assertEquals("", quick.out + quick.err, String.join(" ", args));
    }
    assertEquals(-1, CliRun.quick(Tool.EXPORTER, "status").exit);
    assertEquals(-1, CliRun.quick(Tool.KGR, "poke").exit);
  }
}
