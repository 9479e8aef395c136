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
 *   packages:
 *     refresh_interval_seconds: 3600   # also redone when the set of patch modules changes
 *     check_updates: true              # ask zypper for newer versions
 * </pre>
 */
public record ExporterConfig(int topCommands, int packagesRefreshSeconds, boolean checkUpdates) {
  public static final ExporterConfig DEFAULTS = new ExporterConfig(5, 3600, true);

  public static ExporterConfig load(Path file) throws ConfigException {
    return parse(file.toString(), Yaml.load(file));
  }

  /** The text of a config file named {@code name}. */
  public static ExporterConfig parse(String name, String text) throws ConfigException {
    return parse(name, Yaml.parse(name, text));
  }

  static ExporterConfig parse(String name, Map<?, ?> doc) throws ConfigException {
    Yaml.onlyKeys(name, doc, Set.of("collectors"));
    Map<?, ?> collectors = Yaml.map(name + ": collectors", doc.get("collectors"));
    Yaml.onlyKeys(
        name + ": collectors", collectors, Set.of("patches", "transition", "kgraft", "packages"));
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
    String pk = name + ": collectors: packages";
    Map<?, ?> packages = Yaml.map(pk, collectors.get("packages"));
    Yaml.onlyKeys(pk, packages, Set.of("refresh_interval_seconds", "check_updates"));
    int refresh = DEFAULTS.packagesRefreshSeconds();
    if (packages.get("refresh_interval_seconds") != null) {
      refresh =
          Yaml.integer(
              pk + ": refresh_interval_seconds",
              packages.get("refresh_interval_seconds"),
              1,
              604800);
    }
    boolean updates = DEFAULTS.checkUpdates();
    if (packages.get("check_updates") != null) {
      updates = Yaml.bool(pk + ": check_updates", packages.get("check_updates"));
    }
    return new ExporterConfig(top, refresh, updates);
  }
}
