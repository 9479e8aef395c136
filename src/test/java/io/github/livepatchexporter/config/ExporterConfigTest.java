package io.github.livepatchexporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.exporter.AllCollectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExporterConfigTest {
  static ExporterConfig parse(String yaml) throws ConfigException {
    return ExporterConfig.parse(
        "config.yml", Yaml.parse("config.yml", yaml), AllCollectors.configKeys());
  }

  @Test
  void topCommands() throws Exception {
    assertEquals(12, parse("collectors:\n  transition:\n    top_commands: 12\n").topCommands());
    assertEquals(ExporterConfig.DEFAULTS, parse(""));
    assertEquals(ExporterConfig.DEFAULTS, parse("collectors:\n  patches: {}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown collector | 'collectors: {cpu: {}}'                          | unknown key 'cpu'",
        "negative N        | 'collectors: {transition: {top_commands: -1}}'   | top_commands: expected an integer from 0 to 1000",
        "text N            | 'collectors: {transition: {top_commands: five}}' | top_commands: expected an integer",
        "unknown option    | 'collectors: {transition: {top: 3}}'             | unknown key 'top'",
        "patches option    | 'collectors: {patches: {x: 1}}'                  | unknown key 'x'",
        "top-level list    | '[1, 2]'                                         | expected a mapping at the top level",
      })
  void rejects(String name, String yaml, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
    assertTrue(e.getMessage().startsWith("config.yml"), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
