package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules that the tools parsing real klp output apply (klp-compat.md §9): openQA's lib/klp.pm
 * and Uyuni's sumautil.py {@code _klp()}. Our output must pass each of them on every scenario.
 */
class ConsumerRulesTest {
  /** openQA: a field line. */
  static final Pattern OPENQA_FIELD = Pattern.compile("^\\s+([^:]+):\\s*(.*)");

  /** Uyuni: the active line; trailing blanks make it fail. */
  static final Pattern UYUNI_ACTIVE = Pattern.compile("^\\s+active:\\s*(\\d+)$");

  /** Scenarios in a steady state with one SUSE-style patch: openQA wants one active: 1. */
  static final Set<String> STEADY_ONE_PATCH =
      Set.of("one-enabled", "replaced-module-loaded", "old-kernel-no-transition-file");

  @TempDir Path tmp;

  static Stream<String> scenarios() {
    return Fixtures.SCENARIOS.stream();
  }

  private CliRun klp(String scenario, String... args) {
    Path root =
        tmp.resolve(scenario).toFile().exists()
            ? tmp.resolve(scenario)
            : Fixtures.copy(scenario, tmp);
    List<String> all = new ArrayList<>(Fixtures.rootArgs(root));
    all.addAll(List.of(args));
    return CliRun.run(Tool.KLP, all.toArray(String[]::new));
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void verbosePatchesPassesOpenQaAndUyuni(String scenario) {
    CliRun r = klp(scenario, "-v", "patches");
    assertEquals(0, r.exit, r.err);
    int activeOnes = 0;
    List<String> lines = r.out.lines().toList();
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      if (!Character.isWhitespace(line.charAt(0))) {
        // Uyuni: name lines start with kgraft or livepatch.
        assertTrue(
            line.startsWith("kgraft") || line.startsWith("livepatch"), "Uyuni name line: " + line);
        // openQA derives the name from the .ko basename with tr/ ,-/:__/: none of these remain.
        assertTrue(line.chars().noneMatch(c -> c == ' ' || c == ',' || c == '-'), line);
        continue;
      }
      Matcher field = OPENQA_FIELD.matcher(line);
      assertTrue(field.matches(), "openQA field line: " + line);
      assertTrue(line.startsWith("    ") && !line.startsWith("     "), "4-space indent: " + line);
      if (field.group(1).equals("active")) {
        Matcher active = UYUNI_ACTIVE.matcher(line);
        assertTrue(active.matches(), "Uyuni active line: '" + line + "'");
        if (active.group(1).equals("1")) {
          activeOnes++;
        }
      }
    }
    if (STEADY_ONE_PATCH.contains(scenario)) {
      assertEquals(1, activeOnes, "openQA expects exactly one active: 1 in steady state");
    }
    assertTrue(!r.out.endsWith("\n\n"), "no trailing blank line");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void statusIsOneWordForOpenQaAndUyuni(String scenario) {
    CliRun r = klp(scenario, "status");
    String chomped = r.out.endsWith("\n") ? r.out.substring(0, r.out.length() - 1) : r.out;
    assertTrue(Set.of("ready", "in_progress").contains(chomped), "openQA: " + r.out);
    assertEquals(chomped, r.out.lines().findFirst().orElse(""), "Uyuni reads the first line");
    int check = klp(scenario, "check").exit;
    assertEquals(chomped.equals("ready") ? 0 : 1, check, "check agrees with status");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void blockingPrintsNothingWhenReady(String scenario) {
    if (klp(scenario, "status").out.equals("ready\n")) {
      CliRun r = klp(scenario, "blocking");
      assertEquals("", r.out, "openQA klp_wait_for_transition fails on any output");
      assertEquals(0, r.exit);
    } else {
      assertTrue(klp(scenario, "check").exit == 1);
    }
  }
}
