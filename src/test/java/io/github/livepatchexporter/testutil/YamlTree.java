package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * YAML (and JSON, which these files use as a subset of YAML) read as plain maps and lists, for
 * tests that inspect or rewrite the shipped configuration files.
 */
public final class YamlTree {
  private YamlTree() {}

  public static Object parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(8 << 20);
    return new Yaml(new SafeConstructor(options)).load(text);
  }

  public static Object load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Block-style YAML, as a person would write the file. */
  public static String dump(Object tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(1000);
    return new Yaml(new Representer(options), options).dump(tree);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node) {
    if (!(node instanceof Map)) {
      throw new AssertionError("expected a mapping, got " + node);
    }
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object node) {
    if (!(node instanceof List)) {
      throw new AssertionError("expected a list, got " + node);
    }
    return (List<Object>) node;
  }

  /** The mappings of a list. */
  public static List<Map<String, Object>> maps(Object node) {
    return list(node).stream().map(YamlTree::map).toList();
  }

  public static String string(Object node) {
    if (!(node instanceof String s)) {
      throw new AssertionError("expected a string, got " + node);
    }
    return s;
  }

  /** The value at a path of keys, failing with the path when one is missing. */
  public static Object at(Object node, String... keys) {
    Object n = node;
    for (String k : keys) {
      Map<String, Object> m = map(n);
      if (!m.containsKey(k)) {
        throw new AssertionError("no key '" + k + "' in " + String.join(".", keys));
      }
      n = m.get(k);
    }
    return n;
  }
}
