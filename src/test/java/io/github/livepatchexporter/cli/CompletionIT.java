package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion the packages ship, made from the jar as scripts/package.sh makes it, loaded
 * into a real bash and asked as bash asks it when the user presses Tab.
 */
class CompletionIT {
  @TempDir Path tmp;

  /** What completing the last word of {@code line} offers. */
  private String complete(String tool, String line) throws Exception {
    Path script = tmp.resolve(tool + ".bash");
    if (!Files.exists(script)) {
      Command.Result made =
          Command.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  Project.dir().resolve("target/livepatch-exporter.jar").toString(),
                  "io.github.livepatchexporter.cli.Completion",
                  tool)
              .run();
      assertEquals(0, made.exit(), made.err());
      Files.writeString(script, made.out());
    }
    // The function the script registers with complete -F, as bash would call it.
    String function = "_complete_" + tool;
    // compopt only works inside a completion bash runs itself; here it is a no-op.
    String ask =
        "compopt() { :; }; source '"
            + script
            + "'; COMP_LINE='"
            + line
            + "'; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< \"$COMP_LINE\";"
            + " COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); "
            + function
            + "; printf '%s\\n' \"${COMPREPLY[@]}\"";
    Command.Result r = Command.of(Tools.find("bash", "bash").toString(), "-c", ask).run();
    assertEquals(new Command.Result(0, r.out(), ""), r, line);
    return r.out();
  }

  @Test
  void commandsAndOptionsComplete() throws Exception {
    assertEquals("patches\n", complete("klp", "klp pa"));
    assertEquals("downgrade\n", complete("klp", "klp do"));
    assertEquals("poke\n", complete("kgr", "kgr po"));
    assertEquals("--output\n", complete("klp", "klp status --ou"));
    String collectors = complete("livepatch-exporter", "livepatch-exporter serve --collector.");
    for (String name : List.of("patches", "transition", "kgraft", "packages", "disable-defaults")) {
      assertTrue(collectors.contains("--collector." + name + "\n"), collectors);
    }
    // node_exporter's negated forms, of the negatable flags only.
    String negated = complete("livepatch-exporter", "livepatch-exporter serve --no-collector.");
    for (String name : List.of("patches", "transition", "kgraft", "packages")) {
      assertTrue(negated.contains("--no-collector." + name + "\n"), negated);
    }
    assertTrue(!negated.contains("disable-defaults"), negated);
    assertTrue(!Files.readString(tmp.resolve("klp.bash")).startsWith("#!"), "sourced, not run");
  }
}
