package io.github.livepatchexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The manual pages the packages ship, made by scripts/man-pages.sh as the packages make them: groff
 * and man find nothing to warn about, and each page names every command and every option the code
 * defines for its tool, so a new option cannot be left out. The build tree's copies under
 * share/man, where man finds them beside bin/, are the same pages.
 */
class ManPagesIT {
  @TempDir static Path tmp;

  @BeforeAll
  static void makePages() throws Exception {
    Command.Result made =
        Command.of(Project.dir().resolve("scripts/man-pages.sh").toString(), tmp.toString()).run();
    assertEquals(0, made.exit(), made.err());
  }

  static final Map<Tool, String> PAGES =
      Map.of(Tool.KLP, "klp.8", Tool.KGR, "kgr.8", Tool.EXPORTER, "livepatch-exporter.1");

  @Test
  void pagesRenderCleanlyAndListEveryOption() throws Exception {
    String groff = Tools.find("groff", "groff-base").toString();
    String man = Tools.find("man", "man-db").toString();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<Tool, String> p : PAGES.entrySet()) {
      Path page = tmp.resolve(p.getValue());
      Command.Result lint = Command.of(groff, "-ww", "-z", "-man", page.toString()).run();
      assertEquals(new Command.Result(0, "", ""), lint, page + ": groff -ww");
      Command.Result shown =
          Command.of(man, "--warnings", "-E", "UTF-8", "-l", page.toString())
              .env(Map.of("MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat"))
              .run();
      assertEquals(0, shown.exit(), shown.err());
      assertEquals("", shown.err(), page + ": man --warnings");
      // man marks hyphens, bold and underlines in its own ways: compare plain words.
      String text = shown.out().replaceAll(".\b", "").replace('\u2010', '-');
      CommandLine cl = CliRun.commandLine(p.getKey());
      for (Map.Entry<String, CommandLine> c : cl.getSubcommands().entrySet()) {
        if (!text.contains(p.getKey().command() + " " + c.getKey())) {
          missing.add(page.getFileName() + ": command " + c.getKey());
        }
        for (OptionSpec o : c.getValue().getCommandSpec().options()) {
          String name = o.longestName();
          String spelled = o.negatable() ? "--[no-]" + name.substring(2) : name;
          if (!o.hidden() && !text.contains(spelled)) {
            missing.add(page.getFileName() + ": " + c.getKey() + " " + o.longestName());
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  @Test
  void buildTreePagesAreCurrentAndManFindsThemBesideBin() throws Exception {
    String man = Tools.find("man", "man-db").toString();
    for (String page : PAGES.values()) {
      String section = page.substring(page.lastIndexOf('.') + 1);
      Path inTree = Project.dir().resolve("share/man/man" + section).resolve(page);
      String regenerate = inTree + " is out of date: run scripts/man-pages.sh --build-tree";
      assertTrue(
          Files.isRegularFile(inTree),
          inTree + " is missing: run scripts/man-pages.sh --build-tree");
      assertEquals(
          withoutDate(Files.readString(tmp.resolve(page))),
          withoutDate(Files.readString(inTree)),
          regenerate);
      // man-db looks in ../share/man of each directory on PATH.
      String name = page.substring(0, page.lastIndexOf('.'));
      Command.Result found =
          Command.of(
                  "env",
                  "-u",
                  "MANPATH",
                  "PATH=" + Project.dir().resolve("bin") + ":/usr/bin:/bin",
                  man,
                  "-w",
                  section,
                  name)
              .run();
      assertEquals(new Command.Result(0, inTree.toRealPath() + "\n", ""), found, name);
    }
  }

  /** help2man dates a page by the month it was made in. */
  static String withoutDate(String page) {
    return page.replaceAll("(?m)^\\.TH .*$", ".TH");
  }
}
