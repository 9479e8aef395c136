package io.github.livepatchexporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.exporter.AllCollectors;
import io.github.livepatchexporter.exporter.Metric;
import io.github.livepatchexporter.testutil.Golden;
import io.github.livepatchexporter.testutil.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md lists exactly the metrics of Metric.java, and every golden file uses only them.
 */
class DocsTest {
  static final String BEGIN = "<!-- metrics:begin -->\n";
  static final String END = "<!-- metrics:end -->";

  static String table() {
    StringBuilder b = new StringBuilder("| metric | type | labels | help |\n|---|---|---|---|\n");
    for (Metric m : Metric.values()) {
      b.append("| `")
          .append(m.exposedName())
          .append("` | ")
          .append(m.type().name().toLowerCase())
          .append(" | ")
          .append(m.labels().isEmpty() ? "" : "`" + String.join("`, `", m.labels()) + "`")
          .append(" | ")
          .append(m.help().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  @Test
  void metricsDocumentMatchesTheCode() throws Exception {
    Path doc = Project.dir().resolve("docs/metrics.md");
    String text = Files.readString(doc);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "markers in " + doc);
    String expected = text.substring(0, begin + BEGIN.length()) + table() + text.substring(end);
    if (Golden.updating()) {
      Files.writeString(doc, expected);
      return;
    }
    assertEquals(expected, text, doc + " is out of date (UPDATE_GOLDEN=1 rewrites it)");
  }

  /** The collectors' table in docs/metrics.md is made from their list. */
  @Test
  void collectorsDocumentMatchesTheCode() throws Exception {
    Path doc = Project.dir().resolve("docs/metrics.md");
    String text = Files.readString(doc);
    String begin = "<!-- collectors:begin -->\n";
    int from = text.indexOf(begin);
    int to = text.indexOf("<!-- collectors:end -->");
    assertTrue(from >= 0 && to > from, "collectors markers in " + doc);
    String expected =
        text.substring(0, from + begin.length()) + AllCollectors.table() + text.substring(to);
    if (Golden.updating()) {
      Files.writeString(doc, expected);
      return;
    }
    assertEquals(expected, text, doc + " is out of date (UPDATE_GOLDEN=1 rewrites it)");
  }

  @Test
  void goldenMetricsUseOnlyDocumentedNames() throws Exception {
    List<String> known = Stream.of(Metric.values()).map(Metric::exposedName).toList();
    Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);
    List<String> unknown = new ArrayList<>();
    try (Stream<Path> files =
        Files.list(Project.dir().resolve("src/test/resources/golden/metrics"))) {
      for (Path f : files.toList()) {
        Matcher m = sample.matcher(Files.readString(f));
        while (m.find()) {
          if (!known.contains(m.group(1))) {
            unknown.add(f.getFileName() + ": " + m.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), unknown);
  }
}
