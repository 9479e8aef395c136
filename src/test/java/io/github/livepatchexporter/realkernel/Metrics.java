package io.github.livepatchexporter.realkernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A scraped /metrics body in the Prometheus text format, as {@code series -> value}. */
final class Metrics {
  private final Map<String, Double> series = new TreeMap<>();
  private final String body;

  Metrics(String body) {
    this.body = body;
    for (String line : body.lines().toList()) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      // The value follows the last space; label values of ours hold no '}'.
      int close = line.lastIndexOf('}');
      int space = line.indexOf(' ', Math.max(close, 0));
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1).trim()));
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
