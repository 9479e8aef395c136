package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.exporter.AllCollectors;

/** The collector config (YAML): only ConfigException, with a one-line message, may escape. */
class ExporterConfigFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parse(FuzzedDataProvider data) {
    try {
      ExporterConfig c =
          ExporterConfig.parse(
              "config.yml", data.consumeRemainingAsString(), AllCollectors.configKeys());
      if (c.topCommands() < 0 || c.packagesRefreshSeconds() < 1) {
        throw new AssertionError("out of range: " + c);
      }
    } catch (ConfigException e) {
      if (e.getMessage().contains("\n")) {
        throw new AssertionError("two lines: " + e.getMessage());
      }
    }
  }
}
