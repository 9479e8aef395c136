package io.github.livepatchexporter.realkernel;

import io.github.livepatchexporter.testutil.PromText;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A scraped /metrics body, parsed by {@link PromText}, as {@code series -> value}. */
final class Metrics {
  private final Map<String, Double> series = new TreeMap<>();
  private final String body;

  Metrics(String body) {
    this.body = body;
    for (PromText.Sample s : PromText.parse(body)) {
      series.put(s.series(), s.value());
    }
  }

  String body() {
    return body;
  }

  Optional<Double> get(String s) {
    return Optional.ofNullable(series.get(s));
  }

  /** The value of a series that must be there. */
  double value(String s) {
    Double v = series.get(s);
    if (v == null) {
      throw new AssertionError("/metrics has no series " + s + "\n" + body);
    }
    return v;
  }

  /** The series of one metric name, with their labels. */
  Map<String, Double> family(String name) {
    Map<String, Double> f = new TreeMap<>();
    series.forEach(
        (k, v) -> {
          if (k.equals(name) || k.startsWith(name + "{")) {
            f.put(k, v);
          }
        });
    return f;
  }

  /** The values of one label across a family, e.g. every {@code patch} with a series. */
  List<String> labelValues(String name, String label) {
    String key = label + "=\"";
    return family(name).keySet().stream()
        .filter(k -> k.contains(key))
        .map(
            k -> {
              int from = k.indexOf(key) + key.length();
              return k.substring(from, k.indexOf('"', from));
            })
        .toList();
  }
}
