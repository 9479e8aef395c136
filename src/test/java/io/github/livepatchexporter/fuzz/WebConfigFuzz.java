package io.github.livepatchexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.WebConfig;
import java.nio.file.Path;

/** The web config (YAML): only ConfigException, with a one-line message, may escape. */
class WebConfigFuzz {
  @FuzzTest(maxExecutions = 100_000)
  void parse(FuzzedDataProvider data) {
    try {
      WebConfig.parse("web.yml", data.consumeRemainingAsString(), Path.of("/etc/livepatch"));
    } catch (ConfigException e) {
      if (e.getMessage().contains("\n")) {
        throw new AssertionError("two lines: " + e.getMessage());
      }
    }
  }
}
