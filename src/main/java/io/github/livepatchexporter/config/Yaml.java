package io.github.livepatchexporter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Strict reading of small YAML files: plain maps, known keys only, one-line errors. */
final class Yaml {
  private Yaml() {}

  /** The top-level map of a file; an empty file is an empty map. */
  static Map<?, ?> load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  static Map<?, ?> parse(String name, String text) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(1 << 20);
    Object doc;
    try {
      doc = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options)).load(text);
    } catch (MarkedYAMLException e) {
      String where =
          e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1);
      throw new ConfigException(name + ": invalid YAML" + where + ": " + oneLine(e.getProblem()));
    } catch (YAMLException | IllegalArgumentException e) {
      throw new ConfigException(name + ": invalid YAML: " + oneLine(e.getMessage()));
    }
    if (doc == null) {
      return Map.of();
    }
    if (!(doc instanceof Map<?, ?> m)) {
      throw new ConfigException(name + ": expected a mapping at the top level");
    }
    return m;
  }

  static void onlyKeys(String where, Map<?, ?> map, Set<String> allowed) throws ConfigException {
    for (Object k : map.keySet()) {
      if (!(k instanceof String) || !allowed.contains(k)) {
        throw new ConfigException(
            where + ": unknown key '" + k + "' (known: " + sorted(allowed) + ")");
      }
    }
  }

  static Map<?, ?> map(String where, Object value) throws ConfigException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new ConfigException(where + ": expected a mapping");
    }
    return m;
  }

  static String string(String where, Object value) throws ConfigException {
    if (!(value instanceof String s) || s.isEmpty()) {
      throw new ConfigException(where + ": expected a non-empty string");
    }
    return s;
  }

  static int integer(String where, Object value, int min, int max) throws ConfigException {
    if (!(value instanceof Integer i) || i < min || i > max) {
      throw new ConfigException(where + ": expected an integer from " + min + " to " + max);
    }
    return i;
  }

  static boolean bool(String where, Object value) throws ConfigException {
    if (!(value instanceof Boolean b)) {
      throw new ConfigException(where + ": expected true or false");
    }
    return b;
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').strip();
  }
}
