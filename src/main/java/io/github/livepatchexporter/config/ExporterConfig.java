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

  /**
   * @param keys each collector's name and the keys its section may hold: any other is an error
   */
  public static ExporterConfig load(Path file, Map<String, Set<String>> keys)
      throws ConfigException {
    return parse(file.toString(), Yaml.load(file), keys);
  }

  /** The text of a config file named {@code name}. */
  public static ExporterConfig parse(String name, String text, Map<String, Set<String>> keys)
      throws ConfigException {
    return parse(name, Yaml.parse(name, text), keys);
  }

  static ExporterConfig parse(String name, Map<?, ?> doc, Map<String, Set<String>> keys)
      throws ConfigException {
    Yaml.onlyKeys(name, doc, Set.of("collectors"));
    Map<?, ?> collectors = Yaml.map(name + ": collectors", doc.get("collectors"));
    Yaml.onlyKeys(name + ": collectors", collectors, keys.keySet());
    for (Map.Entry<String, Set<String>> c : new java.util.TreeMap<>(keys).entrySet()) {
      String section = name + ": collectors: " + c.getKey();
      Yaml.onlyKeys(section, Yaml.map(section, collectors.get(c.getKey())), c.getValue());
    }
    Map<?, ?> transition =
        Yaml.map(name + ": collectors: transition", collectors.get("transition"));
    int top = DEFAULTS.topCommands();
    if (transition.get("top_commands") != null) {
      top =
          Yaml.integer(
              name + ": collectors: transition: top_commands",
              transition.get("top_commands"),
              0,
              1000);
    }
    String pk = name + ": collectors: packages";
    Map<?, ?> packages = Yaml.map(pk, collectors.get("packages"));
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
