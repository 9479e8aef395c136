package io.github.livepatchexporter.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What tests share lives in testutil/ (or a helper class of their package), never in another test
 * class: a test class that reaches into another ties their fixtures and runs together.
 */
class KitTest {
  static final Path TESTS = Project.dir().resolve("src/test/java");
  static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Z]\\w*(?:Test|IT)\\b");

  /** Comments, then string and character literals, which may name a test without using it. */
  static final Pattern NOT_CODE =
      Pattern.compile(
          "//[^\\n]*|/\\*(?s:.*?)\\*/|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'");

  static List<Path> sources() throws IOException {
    try (Stream<Path> walk = Files.walk(TESTS)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  static String className(Path file) {
    return file.getFileName().toString().replaceFirst("\\.java$", "");
  }

  /** The test classes (names ending in Test or IT) that {@code source} of {@code self} uses. */
  static Set<String> testsUsed(String self, String source, Set<String> tests) {
    Set<String> used = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(NOT_CODE.matcher(source).replaceAll(" "));
    while (m.find()) {
      if (!m.group().equals(self) && tests.contains(m.group())) {
        used.add(m.group());
      }
    }
    return used;
  }

  @Test
  void noTestClassUsesAnother() throws IOException {
    List<Path> files = sources();
    Set<String> tests =
        files.stream()
            .map(KitTest::className)
            .filter(n -> IDENTIFIER.matcher(n).matches())
            .collect(Collectors.toSet());
    assertTrue(tests.size() > 50, "test classes found: " + tests.size());
    List<String> violations = new ArrayList<>();
    for (Path f : files) {
      Set<String> used = testsUsed(className(f), Files.readString(f), tests);
      if (!used.isEmpty()) {
        violations.add(TESTS.relativize(f) + " uses " + used);
      }
    }
    assertEquals(List.of(), violations, "move what they share into testutil/");
  }

  /** The check itself: a use is found, a mention in a comment or a string is not. */
  @Test
  void findsAUseAndIgnoresMentions() {
    Set<String> tests = Set.of("CliIT", "ServeIT");
    assertEquals(
        Set.of("CliIT"),
        testsUsed("ServeIT", "class ServeIT { CliIT.Result r = CliIT.run(\"x\"); }", tests));
    assertEquals(
        Set.of(),
        testsUsed(
            "ServeIT",
            "/** Like {@link CliIT}. */ class ServeIT { // CliIT\n String s = \"CliIT\"; }",
            tests));
  }
}
