package io.github.livepatchexporter.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code --config.file}: collector options, validated once at start.
 *
 * <pre>
 * collectors:
 *   transition:
 *     top_commands: 5   # blocking commands shown by name; the rest are summed as "other"
 * </pre>
 */
public record ExporterConfig(int topCommands) {
  public static final ExporterConfig DEFAULTS = new ExporterConfig(5);

  public static ExporterConfig load(Path file) throws ConfigException {
    return parse(file.toString(), Yaml.load(file));
  }

  static ExporterConfig parse(String name, Map<?, ?> doc) throws ConfigException {
    Yaml.onlyKeys(name, doc, Set.of("collectors"));
    Map<?, ?> collectors = Yaml.map(name + ": collectors", doc.get("collectors"));
    Yaml.onlyKeys(name + ": collectors", collectors, Set.of("patches", "transition", "kgraft"));
    Map<?, ?> transition =
        Yaml.map(name + ": collectors: transition", collectors.get("transition"));
    Yaml.onlyKeys(name + ": collectors: transition", transition, Set.of("top_commands"));
    int top = DEFAULTS.topCommands();
    if (transition.get("top_commands") != null) {
      top =
          Yaml.integer(
              name + ": collectors: transition: top_commands",
              transition.get("top_commands"),
              0,
              1000);
    }
    for (String c : Set.of("patches", "kgraft")) {
      Yaml.onlyKeys(
          name + ": collectors: " + c,
          Yaml.map(name + ": collectors: " + c, collectors.get(c)),
          Set.of());
    }
    return new ExporterConfig(top);
  }
}
