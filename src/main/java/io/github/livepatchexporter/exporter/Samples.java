package io.github.livepatchexporter.exporter;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The samples of one scrape, grouped by metric, turned into client_java snapshots at the end. */
final class Samples {
  private record Sample(List<String> labelValues, double value) {}

  private final Map<Metric, List<Sample>> samples = new EnumMap<>(Metric.class);

  /** Adds a sample; label values in the order {@link Metric#labels()} names them. */
  Samples add(Metric metric, double value, String... labelValues) {
    if (labelValues.length != metric.labels().size()) {
      throw new IllegalArgumentException(metric + " takes labels " + metric.labels());
    }
    samples
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(new Sample(List.of(labelValues), value));
    return this;
  }

  Samples add(Metric metric, boolean value, String... labelValues) {
    return add(metric, value ? 1 : 0, labelValues);
  }

  /** Declares a family with no samples yet, so it shows with its HELP even when empty. */
  Samples declare(Metric metric) {
    samples.computeIfAbsent(metric, m -> new ArrayList<>());
    return this;
  }

  void addTo(List<MetricSnapshot> out) {
    samples.forEach((metric, list) -> out.add(snapshot(metric, list)));
  }

  static MetricSnapshots toSnapshots(List<MetricSnapshot> list) {
    return new MetricSnapshots(list);
  }

  private static MetricSnapshot snapshot(Metric metric, List<Sample> list) {
    switch (metric.type()) {
      case COUNTER -> {
        CounterSnapshot.Builder b =
            CounterSnapshot.builder().name(metric.baseName()).help(metric.help());
        for (Sample s : list) {
          b.dataPoint(
              CounterSnapshot.CounterDataPointSnapshot.builder()
                  .labels(labels(metric, s))
                  .value(s.value())
                  .build());
        }
        return b.build();
      }
      case INFO -> {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(metric.baseName()).help(metric.help());
        for (Sample s : list) {
          b.dataPoint(
              InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(metric, s)).build());
        }
        return b.build();
      }
      default -> {
        GaugeSnapshot.Builder b =
            GaugeSnapshot.builder().name(metric.baseName()).help(metric.help());
        for (Sample s : list) {
          b.dataPoint(
              GaugeSnapshot.GaugeDataPointSnapshot.builder()
                  .labels(labels(metric, s))
                  .value(s.value())
                  .build());
        }
        return b.build();
      }
    }
  }

  private static Labels labels(Metric metric, Sample s) {
    return metric.labels().isEmpty() ? Labels.EMPTY : Labels.of(metric.labels(), s.labelValues());
  }
}
