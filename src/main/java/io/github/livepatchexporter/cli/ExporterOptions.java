package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.exporter.LivepatchCollector;
import io.github.livepatchexporter.exporter.Log;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.system.BuildInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options shared by {@code serve} and {@code textfile}: collectors, config file, log level. */
final class ExporterOptions {
  @Option(
      names = "--collector.patches",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Host, patches and patch modules (default: on).")
  boolean patches = true;

  @Option(
      names = "--collector.transition",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Transition state and blocking tasks (default: on).")
  boolean transition = true;

  @Option(
      names = "--collector.kgraft",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Legacy kGraft interface (default: on).")
  boolean kgraft = true;

  @Option(
      names = "--collector.packages",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Package, CVEs, end of support and updates of each patch, looked up in the background with rpm and zypper (default: on).")
  boolean packages = true;

  @Option(names = "--config.file", paramLabel = "FILE", description = "YAML collector options.")
  Path configFile;

  @Option(
      names = "--log.level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "debug, info, warn or error (default: info).")
  Log.Level logLevel = Log.Level.info;

  Set<String> collectors() {
    Set<String> s = new LinkedHashSet<>();
    if (patches) {
      s.add("patches");
    }
    if (transition) {
      s.add("transition");
    }
    if (kgraft) {
      s.add("kgraft");
    }
    if (packages) {
      s.add("packages");
    }
    if (!LivepatchCollector.COLLECTORS.containsAll(s)) {
      throw new IllegalStateException("collector list out of date");
    }
    return s;
  }

  ExporterConfig config() {
    if (configFile == null) {
      return ExporterConfig.DEFAULTS;
    }
    try {
      return ExporterConfig.load(configFile);
    } catch (ConfigException e) {
      throw new CliException("--config.file: " + e.getMessage());
    }
  }

  Exporter exporter(GlobalOptions global, CliContext ctx, Log log) {
    return new Exporter(
        new StateReader(global.roots()),
        ctx.commands(),
        collectors(),
        config(),
        BuildInfo.version(),
        log,
        Clock.systemUTC());
  }
}
