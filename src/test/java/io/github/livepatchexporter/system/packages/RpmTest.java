package io.github.livepatchexporter.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.system.Commands;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How rpm's answers are told apart, from what rpm 4.18 prints (VendorLayoutsIT runs the real one,
 * on a corrupt database too): owned, not owned, failed, not installed.
 */
class RpmTest {
  static final String CORRUPT =
      "error: sqlite failure: CREATE TABLE IF NOT EXISTS 'Packages' (hnum INTEGER PRIMARY KEY"
          + " AUTOINCREMENT,blob BLOB NOT NULL): file is not a database\n"
          + "error: cannot open Packages index using sqlite - No such file or directory (2)\n"
          + "error: cannot open Packages database in /r/var/lib/rpm\n";

  /** rpm answering {@code qf} to -qf and the database path to --eval. */
  static Rpm rpm(Commands.Result qf) {
    return new Rpm(
        (argv, timeout) ->
            argv.contains("--eval") ? new Commands.Result(0, "/var/lib/rpm\n", "") : qf,
        Path.of("/r"));
  }

  @Test
  void owned() throws Exception {
    assertEquals(
        Optional.of(new Rpm.Installed("kernel-livepatch-x", "2", "150600.2.1", "x86_64")),
        rpm(new Commands.Result(0, "kernel-livepatch-x\t2\t150600.2.1\tx86_64\n", ""))
            .owner("/lib/modules/x/livepatch/l.ko"));
  }

  @Test
  void notOwned() throws Exception {
    assertEquals(
        Optional.empty(),
        rpm(new Commands.Result(1, "file /var/lib/kpatch/k.ko is not owned by any package\n", ""))
            .owner("/var/lib/kpatch/k.ko"));
  }

  /** With --root, rpm looks for an unowned file outside the root to choose its words. */
  @Test
  void notOwnedAndNotOutsideTheRoot() throws Exception {
    assertEquals(
        Optional.empty(),
        rpm(new Commands.Result(
                1, "", "error: file /var/lib/kpatch/k.ko: No such file or directory\n"))
            .owner("/var/lib/kpatch/k.ko"));
  }

  @Test
  void aCorruptDatabaseIsAFailureNamingIt() {
    Rpm.Failure f =
        assertThrows(
            Rpm.Failure.class, () -> rpm(new Commands.Result(1, "", CORRUPT)).owner("/x.ko"));
    assertFalse(f.missing());
    assertEquals(
        "rpm cannot read its database /var/lib/rpm under /r: error: cannot open Packages database"
            + " in /r/var/lib/rpm (exit status 1)",
        f.getMessage());
  }

  @Test
  void anythingElseIsAFailureToo() {
    for (Commands.Result r :
        List.of(
            new Commands.Result(1, "", "error: rpmdb: BDB0113 Thread/process 1/2 failed\n"),
            new Commands.Result(1, "", CORRUPT + "error: file /x.ko: No such file or directory\n"),
            new Commands.Result(2, "", ""),
            new Commands.Result(0, "garbage\n", ""))) {
      assertThrows(Rpm.Failure.class, () -> rpm(r).owner("/x.ko"), r.toString());
    }
  }

  @Test
  void notInstalledIsMissing() {
    Rpm rpm =
        new Rpm(
            (argv, timeout) -> {
              throw new Commands.CommandException("cannot run rpm: not found", true);
            },
            Path.of("/"));
    Rpm.Failure f = assertThrows(Rpm.Failure.class, () -> rpm.owner("/x.ko"));
    assertTrue(f.missing());
  }
}
