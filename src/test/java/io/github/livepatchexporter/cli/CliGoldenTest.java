package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command on every fixture scenario, compared with {@code golden/cli/<scenario>.txt}: the
 * exit code, stdout and stderr of each run, as root and without a terminal, on the fixture's own
 * roots.
 */
class CliGoldenTest {
  /** Each run: the tool, then its arguments (the fixture roots are added before them). */
  static final List<List<String>> RUNS =
      List.of(
          List.of("klp", "status"),
          List.of("klp", "check"),
          List.of("klp", "patches"),
          List.of("klp", "-v", "patches"),
          List.of("klp", "-vv", "patches"),
          List.of("klp", "blocking"),
          List.of("klp", "-v", "blocking"),
          List.of("klp", "-vv", "blocking"),
          List.of("klp", "--output", "json", "status"),
          List.of("klp", "--output", "json", "patches"),
          List.of("klp", "-vv", "--output", "json", "blocking"),
          List.of("kgr", "status"),
          List.of("kgr", "-v", "patches"),
          List.of("kgr", "blocking_threads"),
          List.of("kgr", "-v", "blocking_threads"),
          List.of("kgr", "-vv", "blocking_threads"),
          List.of("kgr", "-v", "poke", "--dry-run"));

  static Stream<String> scenarios() {
    return Fixtures.SCENARIOS.stream();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void matchesGolden(String scenario, @TempDir Path tmp) {
    Path root = Fixtures.copy(scenario, tmp);
    StringBuilder transcript = new StringBuilder();
    for (List<String> run : RUNS) {
      Tool tool = run.get(0).equals("kgr") ? Tool.KGR : Tool.KLP;
      // All three roots: the host's /lib/modules and rpm must not reach a golden file.
      List<String> args = new ArrayList<>(Fixtures.rootArgs(root));
      args.addAll(run.subList(1, run.size()));
      CliRun r = CliRun.run(tool, args.toArray(String[]::new));
      transcript.append("$ ").append(String.join(" ", run)).append('\n');
      transcript.append("exit ").append(r.exit).append('\n');
      transcript.append("stdout:\n").append(r.out);
      transcript.append("stderr:\n").append(r.err).append('\n');
    }
    Golden.assertMatches(
        "cli/" + scenario + ".txt", transcript.toString().replace(root.toString(), "<fixture>"));
  }
}
