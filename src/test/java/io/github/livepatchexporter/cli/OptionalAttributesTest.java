package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attribute of a patch but {@code enabled} is optional: {@code transition} came in 4.12,
 * {@code replace} in 6.11, {@code stack_order} in 6.13 or 6.14, and newer kernels may add files
 * (proposed: {@code replace_set}, {@code replaceable}). The kernels RealKernelIT boots show three
 * of these layouts; here each optional file is removed from every patch of the fixture {@code
 * replace-stack}, or unknown files are added, and the CLI and /metrics must say what the tree has:
 * the missing value as null in JSON and as no series, everything else as on the whole tree, with no
 * warning and no failure.
 */
class OptionalAttributesTest {
  static final String SCENARIO = "replace-stack";

  static final List<List<String>> RUNS =
      List.of(
          List.of("status"),
          List.of("check"),
          List.of("-v", "patches"),
          List.of("-vv", "blocking"),
          List.of("--output", "json", "status"),
          List.of("--output", "json", "patches"));

  /**
   * A change to the tree, what it does to the CLI's transcript of the whole tree, and the metric
   * whose series it takes away (none: nothing may change).
   */
  record Variant(
      String name, Consumer<Path> change, UnaryOperator<String> transcript, String metricGone) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Variant> variants() {
    return Stream.of(
        new Variant(
            "no replace (before 6.11)",
            root -> deleteInPatches(root, "replace"),
            t -> t.replaceAll("\"replace\": (true|false)", "\"replace\": null"),
            "livepatch_patch_replace"),
        new Variant(
            "no stack_order (before 6.13)",
            root -> deleteInPatches(root, "stack_order"),
            t -> t.replaceAll("\"stack_order\": \\d+", "\"stack_order\": null"),
            "livepatch_patch_stack_order"),
        new Variant(
            "no transition (before 4.12)",
            root -> deleteInPatches(root, "transition"),
            t -> t.replaceAll("(      )\"transition\": (true|false)", "$1\"transition\": null"),
            ""),
        new Variant("unknown files added", OptionalAttributesTest::addUnknownFiles, t -> t, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theCliAndMetricsShowWhatTheKernelHas(Variant v, @TempDir Path tmp) throws Exception {
    Path whole = Fixtures.copy(SCENARIO, tmp.resolve("whole"));
    Path changed = Fixtures.copy(SCENARIO, tmp.resolve("changed"));
    v.change().accept(changed);

    assertEquals(
        v.transcript().apply(transcript(whole)).replace(whole.toString(), "<fixture>"),
        transcript(changed).replace(changed.toString(), "<fixture>"),
        v.name());

    Map<String, String> expected = new TreeMap<>(series(whole, ""));
    if (!v.metricGone().isEmpty()) {
      int before = expected.size();
      expected.keySet().removeIf(s -> s.startsWith(v.metricGone() + "{"));
      assertEquals(true, expected.size() < before, v.metricGone() + " in the whole tree");
    }
    assertEquals(expected, series(changed, v.name()), v.name());
  }

  /** Each run's exit code, stdout and stderr (stderr must stay empty: no warning). */
  private static String transcript(Path root) {
    StringBuilder b = new StringBuilder();
    for (List<String> run : RUNS) {
      List<String> args = new ArrayList<>(Fixtures.rootArgs(root));
      args.addAll(run);
      CliRun r = CliRun.run(Tool.KLP, args.toArray(String[]::new));
      b.append("$ klp ").append(String.join(" ", run)).append("\nexit ").append(r.exit);
      b.append("\n").append(r.out).append("stderr:\n").append(r.err).append('\n');
      assertEquals("", r.err, "klp " + run);
    }
    return b.toString();
  }

  /** The series of one scrape, durations left out; the exporter logged nothing. */
  private static Map<String, String> series(Path root, String what) throws Exception {
    Map<String, String> s = new TreeMap<>();
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    try (TestServer e = TestServer.start(root, clock)) {
      HttpResponse<String> r = new Http().get("http://" + e.target() + "/metrics");
      assertEquals(200, r.statusCode(), r.body());
      for (PromText.Sample sample : PromText.parse(r.body())) {
        if (!sample.name().equals("livepatch_scrape_collector_duration_seconds")) {
          s.put(sample.series(), Double.toString(sample.value()));
        }
      }
      assertEquals("", e.log(), what + ": the exporter's log");
    }
    for (String c : List.of("patches", "transition", "kgraft")) {
      assertEquals("1.0", s.get("livepatch_scrape_collector_success{collector=\"" + c + "\"}"));
    }
    return s;
  }

  private static List<Path> patchDirs(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root.resolve("sys/kernel/livepatch"))) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static void deleteInPatches(Path root, String file) {
    try {
      for (Path p : patchDirs(root)) {
        Files.delete(p.resolve(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Files of kernels to come, in every patch, object and function directory: attributes proposed in
   * 2026 (replace_set, replaceable) and one nobody has proposed.
   */
  private static void addUnknownFiles(Path root) {
    try {
      for (Path p : patchDirs(root)) {
        Files.writeString(p.resolve("replace_set"), "0\n");
        Files.writeString(p.resolve("replaceable"), "1\n");
        Files.writeString(p.resolve("lpe_future_attribute"), "something\n");
        try (Stream<Path> objects = Files.list(p)) {
          for (Path o : objects.filter(Files::isDirectory).toList()) {
            Files.writeString(o.resolve("lpe_future_attribute"), "something\n");
            try (Stream<Path> functions = Files.list(o)) {
              for (Path f : functions.filter(Files::isDirectory).toList()) {
                Files.writeString(f.resolve("lpe_future_attribute"), "something\n");
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
