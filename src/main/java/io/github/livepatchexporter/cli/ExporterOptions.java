package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.exporter.AllCollectors;
import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.system.BuildInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code serve} and {@code textfile}: collectors, config file, log level. The
 * {@code --collector.<name>} flags are made from {@link AllCollectors}, by {@link #addTo}.
 */
final class ExporterOptions {
  @Option(
      names = "--collector.disable-defaults",
      description =
          "Turn off every collector but those named with --collector.<name>, as node_exporter does.")
  boolean disableDefaults;

  @Option(names = "--config.file", paramLabel = "FILE", description = "YAML collector options.")
  Path configFile;

  @Option(
      names = "--log.level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "debug, info, warn or error (default: info).")
  Log.Level logLevel = Log.Level.info;

  @Option(
      names = "--log.format",
      paramLabel = "FORMAT",
      defaultValue = "logfmt",
      description = "logfmt or json (default: logfmt).")
  Log.Format logFormat = Log.Format.logfmt;

  /** The log these options ask for, on {@code err}. */
  Log log(java.io.PrintWriter err) {
    return new Log(err, logLevel, logFormat);
  }

  private CommandSpec spec;

  /**
   * Adds {@code --collector.<name>} and {@code --no-collector.<name>} for each collector to the
   * command, after the command line's negation rule is set.
   */
  void addTo(CommandSpec command) {
    this.spec = command;
    for (Map.Entry<String, String> c : AllCollectors.descriptions().entrySet()) {
      command.addOption(
          OptionSpec.builder(flag(c.getKey()))
              .negatable(true)
              .type(boolean.class)
              .defaultValue("true")
              .fallbackValue("true")
              .description(c.getValue().replaceAll("\\.$", "") + " (default: on).")
              .build());
    }
  }

  private static String flag(String collector) {
    return "--collector." + collector;
  }

  /**
   * The enabled collectors: each as its flag says, and one not named is on unless {@code
   * --collector.disable-defaults}.
   */
  Set<String> collectors() {
    Set<String> on = new LinkedHashSet<>();
    for (String name : AllCollectors.names()) {
      OptionSpec o = spec.findOption(flag(name));
      boolean named = spec.commandLine().getParseResult().hasMatchedOption(o);
      if (named ? o.<Boolean>getValue() : !disableDefaults) {
        on.add(name);
      }
    }
    return on;
  }

  ExporterConfig config() {
    if (configFile == null) {
      return ExporterConfig.DEFAULTS;
    }
    try {
      return ExporterConfig.load(configFile, AllCollectors.configKeys());
    } catch (ConfigException e) {
      throw new CliException("--config.file: " + e.getMessage());
    }
  }

  /** The exporter these options describe, without its source of states. */
  Exporter.Builder exporter(Log log) {
    return Exporter.builder()
        .collectors(collectors())
        .config(config())
        .version(BuildInfo.version())
        .log(log)
        .clock(Clock.systemUTC());
  }

  /**
   * The exporter of this host's kernel under the roots, with its package facts; {@code transitions}
   * hears when a transition starts and ends.
   */
  Exporter exporter(GlobalOptions global, CliContext ctx, Log log, Consumer<String> transitions) {
    StateReader reader = new StateReader(global.roots());
    return exporter(log)
        .kernel(reader)
        .packages(global.roots().rootfs(), ctx.commands())
        .transitionLog(transitions)
        .build();
  }
}
