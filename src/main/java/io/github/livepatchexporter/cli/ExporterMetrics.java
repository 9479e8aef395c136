package io.github.livepatchexporter.cli;

import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The server's own health, as node_exporter's {@code process_*} and {@code go_*}: client_java's JVM
 * instrumentation, less what costs a scrape more than it tells. Left out: {@code JvmThreadsMetrics}
 * (every scrape stops the JVM at a safepoint to look for deadlocks and read every thread's state:
 * with 64 concurrent scrapes, a quarter of the throughput and 9 MiB more resident), {@code
 * JvmMemoryPoolAllocationMetrics} (a listener on every collection) and {@code
 * JvmNativeMemoryMetrics} (a diagnostic command per scrape, and empty without Native Memory
 * Tracking).
 */
final class ExporterMetrics {
  private ExporterMetrics() {}

  static void register(PrometheusRegistry registry) {
    ProcessMetrics.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmBufferPoolMetrics.builder().register(registry);
    JvmClassLoadingMetrics.builder().register(registry);
    JvmCompilationMetrics.builder().register(registry);
    JvmRuntimeInfoMetric.builder().register(registry);
  }
}
