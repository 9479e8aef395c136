package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuickStartTest {
  static Stream<String> scenarios() {
    return Fixtures.SCENARIOS.stream();
  }

  /** The quick path answers exactly as the full parser does, on every fixture host. */
  @ParameterizedTest
  @MethodSource("scenarios")
  void answersAsTheFullParserDoes(String scenario, @TempDir Path tmp) {
    Path root = Fixtures.copy(scenario, tmp);
    for (Tool tool : List.of(Tool.KLP, Tool.KGR)) {
      for (String command : List.of("status", "check")) {
        String[] args = {
          "--path.sysfs=" + root.resolve("sys"),
          "--path.procfs=" + root.resolve("proc"),
          "--path.rootfs=" + root,
          command
        };
        StringWriter out = new StringWriter();
        OptionalInt quick = QuickStart.run(tool, args, new PrintWriter(out, true));
        CliRun full = CliRun.run(tool, args);
        String what = scenario + ": " + tool + " " + command;
        if (quick.isPresent()) {
          assertEquals(full.exit, quick.getAsInt(), what);
          assertEquals(full.out, out.toString(), what);
          assertEquals("", full.err, what);
        } else {
          // Left to the full parser only when that one reports a problem.
          assertTrue(full.exit > ExitCodes.IN_PROGRESS || !full.err.isEmpty(), what);
        }
      }
    }
  }

  @Test
  void takesThePlainFormsOfMostHosts(@TempDir Path tmp) {
    long answered =
        Fixtures.SCENARIOS.stream()
            .filter(
                s -> {
                  Path root = Fixtures.copy(s, tmp.resolve(s));
                  String[] args = {"--path.sysfs=" + root.resolve("sys"), "status"};
                  return QuickStart.run(Tool.KLP, args, new PrintWriter(new StringWriter()))
                      .isPresent();
                })
            .count();
    assertTrue(answered >= Fixtures.SCENARIOS.size() - 2, answered + " answered");
  }

  @Test
  void leavesEverythingElseToTheFullParser(@TempDir Path tmp) {
    String sys = "--path.sysfs=" + Fixtures.copy("one-enabled", tmp).resolve("sys");
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {sys},
            new String[] {"-v", "status"},
            new String[] {"status", "--output", "json"},
            new String[] {"--output=json", "status"},
            new String[] {"status", "check"},
            new String[] {"status", "extra"},
            new String[] {"patches"},
            new String[] {"--path.sysfs=", "status"},
            new String[] {"--path.sysfs", "/sys", "status"},
            new String[] {"--path.procfs=\0", "check"},
            new String[] {"--help"})) {
      StringWriter out = new StringWriter();
      assertEquals(
          OptionalInt.empty(),
          QuickStart.run(Tool.KLP, args, new PrintWriter(out, true)),
          String.join(" ", args));
      assertEquals("", out.toString());
    }
    assertEquals(
        OptionalInt.empty(),
        QuickStart.run(
            Tool.EXPORTER, new String[] {"status"}, new PrintWriter(new StringWriter())));
  }
}
