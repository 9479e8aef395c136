package io.github.livepatchexporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the arrows of STYLE.md true: model imports nothing of ours; kernel and system import only
 * model; config, log and demo (the simulated host) only model; exporter (the collectors) and web
 * (the HTTP server) sit beside each other and never meet; cli wires them. Only system/ starts
 * processes.
 */
class LayeringTest {
  static final String ROOT = "io.github.livepatchexporter";
  static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "model",
          Set.of("model"),
          "kernel",
          Set.of("kernel", "model"),
          "system",
          Set.of("system", "model"),
          "config",
          Set.of("config", "model"),
          "log",
          Set.of("log", "model"),
          "demo",
          Set.of("demo", "model"),
          "exporter",
          Set.of("exporter", "model", "kernel", "system", "config", "log"),
          "web",
          Set.of("web", "model", "config", "log"),
          "cli",
          Set.of("cli", "model", "kernel", "system", "config", "log", "demo", "exporter", "web"));
  static final Pattern OUR_REFERENCE = Pattern.compile("\\b" + Pattern.quote(ROOT) + "\\.(\\w+)");
  static final Pattern PROCESS = Pattern.compile("ProcessBuilder|\\.exec\\s*\\(");

  private static List<Path> sources() throws IOException {
    Path dir = Project.dir().resolve("src/main/java/io/github/livepatchexporter");
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String layer(Path file) {
    Path rel = Project.dir().resolve("src/main/java/io/github/livepatchexporter").relativize(file);
    return rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
  }

  @Test
  void dependenciesPointDownward() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> files = sources();
    assertTrue(files.size() > 20, "sources found: " + files.size());
    for (Path file : files) {
      String layer = layer(file);
      if (layer.isEmpty()) {
        continue;
      }
      Set<String> allowed = ALLOWED.get(layer);
      assertTrue(
          allowed != null, "unknown package " + layer + " (" + file + "): add it to ALLOWED");
      Matcher m = OUR_REFERENCE.matcher(Files.readString(file));
      while (m.find()) {
        if (!allowed.contains(m.group(1))) {
          violations.add(file.getFileName() + " (" + layer + ") uses " + m.group(1));
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void onlySystemStartsProcesses() throws IOException {
    List<String> violations = new ArrayList<>();
    boolean systemDoes = false;
    for (Path file : sources()) {
      boolean starts = PROCESS.matcher(Files.readString(file)).find();
      if (starts && !layer(file).equals("system")) {
        violations.add(file.getFileName().toString());
      }
      systemDoes |= starts && layer(file).equals("system");
    }
    assertEquals(List.of(), violations);
    assertTrue(systemDoes, "the check found system/'s own process start: the pattern works");
  }
}
