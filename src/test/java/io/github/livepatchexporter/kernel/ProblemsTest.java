package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.ReadProblem;
import io.github.livepatchexporter.model.ReadProblem.Source;
import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every reader names the part of the state its problems spoil, wherever the roots lie. */
class ProblemsTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "patch enabled        | one-enabled       | sys/kernel/livepatch/livepatch_1_1_1/enabled  | STATUS   | LIVEPATCH",
        "object patched       | one-enabled       | sys/kernel/livepatch/livepatch_1_1_1/vmlinux/patched | PATCHES | LIVEPATCH",
        "kgraft in_progress   | kgraft-legacy     | sys/kernel/kgraft/in_progress                 | STATUS   | KGRAFT",
        "module refcnt        | one-enabled       | sys/module/livepatch_1_1_1/refcnt             | PATCHES  | MODULES",
        "kernel osrelease     | one-enabled       | proc/sys/kernel/osrelease                     | PATCHES  | KERNEL",
        "kernel tainted       | one-enabled       | proc/sys/kernel/tainted                       | PATCHES  | KERNEL",
        "task patch_state     | patching-stalled  | proc/845/task/845/patch_state                 | BLOCKING | TASKS",
      })
  void aGarbledFileIsAProblemOfItsReader(
      String name, String scenario, String file, String options, Source source) throws Exception {
    Path root = Fixtures.copy(scenario, tmp);
    Files.writeString(root.resolve(file), "garbage\n\n");
    List<ReadProblem> problems =
        new StateReader(Fixtures.roots(root)).read(Fixtures.readOptions(options)).problems();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(root.resolve(file).toString(), problems.get(0).path());
    assertEquals(source, problems.get(0).source());
  }

  /** A bad sysfs root spoils the patches; a bad procfs root the tasks (of any read). */
  @Test
  void missingRootsAreLivepatchAndTasks() {
    Path nowhere = tmp.resolve("nowhere");
    LivepatchState s =
        new StateReader(new Roots(nowhere, nowhere.resolve("proc"), nowhere))
            .read(ReadOptions.STATUS);
    assertEquals(
        List.of(Source.LIVEPATCH, Source.TASKS),
        s.problems().stream().map(ReadProblem::source).toList());
  }

  /** The source comes from the reader, not the path: roots under a "module" directory. */
  @Test
  void theSourceDoesNotDependOnWhereTheRootsLie() throws Exception {
    Path root = Fixtures.copy("one-enabled", Files.createDirectories(tmp.resolve("module")));
    Files.writeString(root.resolve("sys/kernel/livepatch/livepatch_1_1_1/enabled"), "yes\n");
    LivepatchState s = new StateReader(Fixtures.roots(root)).read(ReadOptions.STATUS);
    assertEquals(Source.LIVEPATCH, s.problems().get(0).source());
  }
}
