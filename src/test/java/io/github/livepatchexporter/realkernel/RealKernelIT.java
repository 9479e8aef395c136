package io.github.livepatchexporter.realkernel;

import static io.github.livepatchexporter.realkernel.Phases.assertBlockingMetrics;
import static io.github.livepatchexporter.realkernel.Phases.assertDmesg;
import static io.github.livepatchexporter.realkernel.Phases.metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.realkernel.Capture.Checkpoint;
import io.github.livepatchexporter.realkernel.Capture.Command;
import io.github.livepatchexporter.testutil.Project;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI and the exporter against real kernels, once per Debian kernel of {@link TestKernels}
 * (LIVEPATCH_TEST_KERNELS). src/test/qemu/run.sh builds our test modules (src/test/qemu/modules)
 * against the kernel's headers with the compiler that built it and boots it under QEMU; the guest
 * runs the scenarios of src/test/qemu/init.sh with our jar on the host's JDK, and the exporter in
 * the guest is scraped from here. Every phase is checked three ways against what the kernel itself
 * said in it: the CLI ({@link CliOracle}), /metrics ({@link MetricsOracle}), and what the scenario
 * set out to make the kernel do (below). Logs: target/real-kernel/KERNEL/.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.livepatchexporter.realkernel.TestKernels#selected")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealKernelIT {
  static final String SLEEPER = "lpe_patch_sleeper";
  static final String REPLACE = "lpe_patch_replace";
  static Phases phases;

  @Parameter String kernel;

  @BeforeParameterizedClassInvocation
  static void bootTheGuest(String kernel) throws Exception {
    phases = null;
    phases = Phases.boot(kernel, Project.dir().resolve("target/real-kernel").resolve(kernel));
  }

  @Test
  @Order(0)
  void theGuestRanEveryStepInTime() {
    Capture c = phases.capture();
    assertEquals(
        List.of(
            "1", "2", "3", "4", "5a", "5b", "6a", "6b", "7", "8a", "8b", "8c", "9a", "9b", "9c",
            "10a", "10b", "11a", "11b", "11c", "12a", "12b"),
        c.checkpoints().stream().map(cp -> cp.id).toList());
    assertTrue(
        c.notes().stream().noneMatch(n -> n.contains("timed out")), String.join("\n", c.notes()));
    String exporter = String.join("\n", c.exporterLog());
    assertTrue(exporter.contains("listening on"), exporter);
    assertFalse(exporter.contains("level=error"), exporter);
    assertFalse(exporter.contains("Exception"), exporter);
  }

  @Test
  @Order(1)
  void noPatch() throws Exception {
    Checkpoint cp = phases.check("1");
    KernelView k = cp.kernel;
    assertEquals("livepatch=1", k.values().get("interface"));
    assertEquals(Map.of(), k.patches());
    assertEquals(Map.of(), k.modules());
    assertFalse(k.inTransition());
    assertEquals(new Command("klp status", 0, "ready\n", ""), cp.command("klp status"));
    assertEquals(0, cp.command("klp check").exit());
    assertEquals("no threads with klp_in_progress set\n", cp.command("klp -v blocking").out());
    Metrics m = metrics(cp);
    assertEquals(1.0, m.value("livepatch_sysfs_interface_present"));
    assertEquals(0.0, m.value("livepatch_transition_in_progress"));
    assertEquals(0.0, m.value("livepatch_transition_blocking_processes"));
    assertEquals(Map.of(), m.family("livepatch_patch_enabled"));
  }

  @Test
  @Order(2)
  void aPatchAppliesAndCompletes() throws Exception {
    Checkpoint cp = phases.check("2");
    KernelView k = cp.kernel;
    KernelView.Patch p = k.patches().get("lpe_patch_cmdline");
    assertEquals(List.of(1, 0), List.of(p.enabled(), p.transition()));
    assertEquals(List.of("vmlinux/cmdline_proc_show,1"), p.functions());
    assertFalse(k.inTransition());
    assertEquals(
        "lpe_patch_cmdline: this function has been live patched", k.values().get("proc_cmdline"));
    assertDmesg(k, "livepatch: 'lpe_patch_cmdline': patching complete");
    assertEquals("lpe_patch_cmdline\n    active: 1\n", cp.command("klp -v patches").out());
    Metrics m = metrics(cp);
    assertEquals(1.0, m.value("livepatch_patch_enabled{patch=\"lpe_patch_cmdline\"}"));
    assertEquals(0.0, m.value("livepatch_patch_transition{patch=\"lpe_patch_cmdline\"}"));
    assertEquals(1.0, m.value("livepatch_kernel_tainted_livepatch"));
  }

  @Test
  @Order(3)
  void aPatchingTransitionStalledByAKernelThreadAndAUserProcess() throws Exception {
    Checkpoint cp = phases.check("3");
    KernelView k = cp.kernel;
    Sleepers s = Sleepers.of(k);
    s.holdTransition(k, SLEEPER, 1, "lpe_sleeper_wait", "lpe_sleeper");
    assertEquals(new Command("klp status", 0, "in_progress\n", ""), cp.command("klp status"));
    assertEquals(1, cp.command("klp check").exit());
    assertEquals(s.pidLines(), cp.command("klp blocking").out());
    String vv = cp.command("klp -vv blocking").out();
    assertTrue(vv.contains(s.kthread() + " [lpe_sleeper]\n"), vv);
    assertTrue(vv.contains(s.reader() + " cat /proc/lpe_sleeper\n"), vv);
    for (int pid : List.of(s.kthread(), s.reader())) {
      for (String frame : Sleepers.blocker(k, pid).stack()) {
        assertTrue(vv.contains("        " + frame + "\n"), frame + " in\n" + vv);
      }
    }
    assertTrue(cp.command("klp -o json status").out().contains("\"direction\": \"patching\""));
    Metrics m = metrics(cp);
    assertEquals(1.0, m.value("livepatch_transition_in_progress"));
    assertEquals(1.0, m.value("livepatch_transition_direction{direction=\"patching\"}"));
    assertEquals(1.0, m.value("livepatch_patch_transition{patch=\"lpe_patch_sleeper\"}"));
    assertBlockingMetrics(m, 2, 1, 1);
    String commands = "livepatch_transition_blocking_command_threads";
    assertEquals(1.0, m.value(commands + "{comm=\"lpe_sleeper\"}"));
    assertEquals(1.0, m.value(commands + "{comm=\"cat\"}"));
  }

  @Test
  @Order(4)
  void releaseCompletesTheTransitionAndEveryMetricFollows() throws Exception {
    int reader = Sleepers.of(phases.capture().checkpoint("3").orElseThrow().kernel).reader();
    Checkpoint cp = phases.check("4");
    KernelView k = cp.kernel;
    assertFalse(k.inTransition());
    KernelView.Patch p = k.patches().get(SLEEPER);
    assertEquals(List.of(1, 0), List.of(p.enabled(), p.transition()));
    assertEquals(List.of(), k.blockers());
    assertDmesg(k, "livepatch: 'lpe_patch_sleeper': patching complete");
    phases.assertReaderReleasedBy(reader, 0);
    assertEquals(new Command("klp status", 0, "ready\n", ""), cp.command("klp status"));
    assertEquals(0, cp.command("klp check").exit());
    Metrics m = metrics(cp);
    assertEquals(0.0, m.value("livepatch_transition_in_progress"));
    assertEquals(0.0, m.value("livepatch_transition_direction{direction=\"patching\"}"));
    assertEquals(0.0, m.value("livepatch_patch_transition{patch=\"lpe_patch_sleeper\"}"));
    assertEquals(
        Map.of("livepatch_transition_blocking_command_threads{comm=\"other\"}", 0.0),
        m.family("livepatch_transition_blocking_command_threads"));
    assertBlockingMetrics(m, 0, 0, 0);
  }

  @Test
  @Order(5)
  void anUnpatchingTransitionStalledThenReversed() throws Exception {
    Checkpoint stalled = phases.check("5a");
    KernelView k = stalled.kernel;
    assertEquals(0, k.patches().get(SLEEPER).enabled());
    Sleepers s = Sleepers.of(k);
    // Blockers of an unpatching transition sleep in the new function, the livepatch's.
    s.holdTransition(k, SLEEPER, 0, "lpe_patch_sleeper_wait", "lpe_patch_sleeper");
    assertEquals(1, stalled.command("klp check").exit());
    String json = stalled.command("klp -o json status").out();
    assertTrue(json.contains("\"direction\": \"unpatching\""), json);
    assertTrue(stalled.command("klp -vv blocking").out().contains("[lpe_patch_sleeper]\n"));
    Metrics m = metrics(stalled);
    assertEquals(1.0, m.value("livepatch_transition_direction{direction=\"unpatching\"}"));
    assertEquals(0.0, m.value("livepatch_patch_enabled{patch=\"lpe_patch_sleeper\"}"));
    assertBlockingMetrics(m, 2, 1, 1);

    Checkpoint reversed = phases.check("5b");
    KernelView r = reversed.kernel;
    assertFalse(r.inTransition());
    assertEquals(1, r.patches().get(SLEEPER).enabled());
    // Writing 1 to enabled reversed the transition: the kernel logs it as a patching transition.
    List<String> log =
        r.dmesg().stream()
            .filter(l -> l.contains("livepatch: '" + SLEEPER + "'"))
            .map(l -> l.substring(l.indexOf("livepatch: ")))
            .toList();
    assertEquals(
        List.of(
            "livepatch: 'lpe_patch_sleeper': starting unpatching transition",
            "livepatch: 'lpe_patch_sleeper': starting patching transition",
            "livepatch: 'lpe_patch_sleeper': patching complete"),
        log.subList(Math.max(0, log.size() - 3), log.size()));
    assertEquals(new Command("klp status", 0, "ready\n", ""), reversed.command("klp status"));
    Metrics after = metrics(reversed);
    assertEquals(1.0, after.value("livepatch_patch_enabled{patch=\"lpe_patch_sleeper\"}"));
    assertEquals(0.0, after.value("livepatch_transition_direction{direction=\"unpatching\"}"));
    // The replacement still ran after the reversal: the patch stayed applied throughout.
    phases.assertReaderReleasedBy(s.reader(), 1);
  }

  @Test
  @Order(6)
  void aForcedTransition() throws Exception {
    Checkpoint stalled = phases.check("6a");
    Sleepers s = Sleepers.of(stalled.kernel);
    s.holdTransition(stalled.kernel, SLEEPER, 0, "lpe_patch_sleeper_wait", "lpe_patch_sleeper");

    Checkpoint forced = phases.check("6b");
    KernelView k = forced.kernel;
    assertFalse(k.inTransition());
    assertFalse(k.patches().containsKey(SLEEPER), "the unpatched patch is gone");
    // Forcing an unpatching transition keeps the module: tasks may still run its code (they do).
    assertEquals(1, k.modules().get(SLEEPER).refcnt());
    assertDmesg(
        k,
        "livepatch: forcing remaining tasks to the patched state",
        "livepatch: 'lpe_patch_sleeper': unpatching complete");
    assertEquals(new Command("klp status", 0, "ready\n", ""), forced.command("klp status"));
    assertEquals(
        "lpe_patch_cmdline\n    active: 1\n\nlpe_patch_sleeper\n    active: 0\n",
        forced.command("klp -v patches").out());
    Metrics m = metrics(forced);
    assertEquals(0.0, m.value("livepatch_module_registered{module=\"lpe_patch_sleeper\"}"));
    assertEquals(1.0, m.value("livepatch_module_refcnt{module=\"lpe_patch_sleeper\"}"));
    assertEquals(0.0, m.value("livepatch_transition_in_progress"));
    phases.assertReaderReleasedBy(s.reader(), 1);
  }

  @Test
  @Order(7)
  void atomicReplaceLeavesTheReplacedModulesInactive() throws Exception {
    Checkpoint cp = phases.check("7");
    KernelView k = cp.kernel;
    assertFalse(k.inTransition());
    assertEquals(Set.of("lpe_patch_replace"), k.patches().keySet());
    assertEquals(
        Set.of("lpe_patch_cmdline", "lpe_patch_replace", "lpe_patch_sleeper"),
        k.modules().keySet());
    assertEquals(0, k.modules().get("lpe_patch_cmdline").refcnt(), "replaced: removable");
    assertEquals(
        "lpe_patch_replace: this function has been live patched", k.values().get("proc_cmdline"));
    assertDmesg(k, "livepatch: 'lpe_patch_replace': patching complete");
    assertEquals(
        "lpe_patch_cmdline\n    active: 0\n\n"
            + "lpe_patch_replace\n    active: 1\n\n"
            + "lpe_patch_sleeper\n    active: 0\n",
        cp.command("klp -v patches").out());
    Command json = cp.command("klp -o json patches");
    assertEquals(0, json.exit(), json.err());
    for (String name : List.of("lpe_patch_cmdline", "lpe_patch_sleeper")) {
      String entry =
          "      \"name\": \""
              + name
              + "\",\n      \"active\": false,\n      \"registered\": false,";
      assertTrue(json.out().contains(entry), entry + " in\n" + json.out());
    }
    Metrics m = metrics(cp);
    String registered = "livepatch_module_registered{module=\"";
    assertEquals(0.0, m.value(registered + "lpe_patch_cmdline\"}"));
    assertEquals(0.0, m.value(registered + "lpe_patch_sleeper\"}"));
    assertEquals(1.0, m.value(registered + "lpe_patch_replace\"}"));
    assertEquals(List.of("lpe_patch_replace"), m.labelValues("livepatch_patch_enabled", "patch"));
    assertEquals(2.0, m.value("livepatch_patch_objects{patch=\"lpe_patch_replace\"}"));
  }

  @Test
  @Order(8)
  void kgrPokeDuringAStallLeavesTheKernelThreadAlone() throws Exception {
    Checkpoint stalled = phases.check("8a");
    KernelView k = stalled.kernel;
    Sleepers s = Sleepers.of(k);
    s.holdTransition(k, "lpe_patch_replace", 0, "lpe_patch_replace_wait", "lpe_patch_replace");
    assertEquals(
        new Command(
            "kgr -n -v poke",
            0,
            "skipping " + s.kthread() + " (kernel thread)\nsending " + s.reader() + " STOP/CONT\n",
            ""),
        stalled.command("kgr -n -v poke"));

    Checkpoint poked = phases.check("8b");
    KernelView p = poked.kernel;
    assertEquals(k.transitionPatch(), p.transitionPatch(), "still in transition");
    assertEquals(List.of(s.kthread()), p.blockingPids(), "only the kernel thread blocks");
    assertEquals(
        Sleepers.blocker(k, s.kthread()).stack(),
        Sleepers.blocker(p, s.kthread()).stack(),
        "the kernel thread sleeps where it slept");
    // The reader was stopped and continued: it left the kernel, took the target state and sleeps
    // again in its read, now in the original function.
    KernelView.Watch reader = p.watched().get(s.reader());
    assertEquals(0, reader.patchState(), reader.toString());
    assertEquals('S', reader.state(), reader.toString());
    assertTrue(
        Sleepers.onTop(reader.topFrame(), "lpe_sleeper_wait", "lpe_sleeper"), reader.toString());
    assertEquals(1, poked.command("klp check").exit());
    assertEquals(s.kthread() + " [lpe_sleeper]\n", poked.command("klp -v blocking").out());
    assertBlockingMetrics(metrics(poked), 1, 1, 0);

    Checkpoint done = phases.check("8c");
    KernelView d = done.kernel;
    assertFalse(d.inTransition());
    assertEquals(Map.of(), d.patches());
    assertDmesg(d, "livepatch: 'lpe_patch_replace': unpatching complete");
    assertEquals(
        "lpe_patch_cmdline\n    active: 0\n\n"
            + "lpe_patch_replace\n    active: 0\n\n"
            + "lpe_patch_sleeper\n    active: 0\n",
        done.command("klp -v patches").out());
    assertEquals(
        0.0, metrics(done).value("livepatch_module_registered{module=\"lpe_patch_replace\"}"));
    phases.assertReaderReleasedBy(s.reader(), 0);
  }

  @Test
  @Order(10)
  void aTargetModuleLoadedAfterItsLivepatch() throws Exception {
    SelftestScenarios.targetModuleLoadedAfterItsLivepatch(phases);
  }

  @Test
  @Order(11)
  void aPatchThatFailsToEnable() throws Exception {
    SelftestScenarios.aPatchThatFailsToEnable(phases, stackOrderExpected());
  }

  @Test
  @Order(12)
  void aBusyTargetModuleStallsTheTransitionUntilItReverses() throws Exception {
    SelftestScenarios.aBusyTargetModuleStallsTheTransitionUntilItReverses(phases);
  }

  @Test
  @Order(13)
  void twoStackedPatches() throws Exception {
    SelftestScenarios.twoStackedPatches(phases, stackOrderExpected());
  }

  /** Whether the kernel's version has stack_order (6.14 on; 6.13 as the kernel shows it). */
  private static boolean stackOrderExpected() {
    Capture c = phases.capture();
    int version = TestKernels.version(c.release().orElseThrow());
    return version >= 6014
        || (version == 6013
            && c.checkpoint("2").orElseThrow().kernel.patches().values().stream()
                .anyMatch(p -> p.attributes().containsKey("stack_order")));
  }

  /**
   * The files of every patch and object directory the kernel showed in the run, as its version has
   * them (sysfs-kernel-livepatch): replace since 6.11, stack_order since 6.13 or 6.14 (the kernel's
   * own documents disagree), no signal since 5.1; and where the kernel has no such file, /metrics
   * has no series and klp -o json says null (both checked at every checkpoint by the oracles).
   */
  @Test
  @Order(9)
  void theKernelShowsTheFilesOfItsVersion() throws Exception {
    Capture c = phases.capture();
    String release = c.release().orElseThrow();
    int version = TestKernels.version(release);
    Map<String, String> files = new TreeMap<>();
    Map<String, String> objectFiles = new TreeMap<>();
    for (Checkpoint cp : c.checkpoints()) {
      for (KernelView.Patch p : cp.kernel.patches().values()) {
        files.putAll(p.attributes());
        p.objectAttributes().values().forEach(objectFiles::putAll);
        String what = "checkpoint " + cp.id + ", " + p.name() + ": " + p.attributes();
        assertEquals(p.attributes().containsKey("replace"), !p.replace().equals("-"), what);
        assertEquals(p.attributes().containsKey("stack_order"), !p.stackOrder().equals("-"), what);
      }
    }
    Map<String, String> expected = new TreeMap<>();
    expected.put("enabled", "644");
    expected.put("force", "200");
    expected.put("transition", "444");
    if (version >= 6011) {
      expected.put("replace", "444");
    }
    if (stackOrderExpected()) {
      expected.put("stack_order", "444");
    }
    String line =
        "real kernel "
            + kernel
            + " ("
            + release
            + "): patch files "
            + files
            + ", object files "
            + objectFiles;
    System.out.println(line);
    Files.writeString(phases.logs().resolve("attributes.txt"), line + "\n");
    assertEquals(expected, files, release);
    assertEquals(Map.of("patched", "444"), objectFiles, release);
    // The atomic-replace patch of checkpoint 7, as our CLI and exporter show what the kernel has.
    Checkpoint seven = c.checkpoint("7").orElseThrow();
    String json = CliOracle.jsonEntry(seven.command("klp -o json patches").out(), REPLACE, "7");
    Metrics m = metrics(seven);
    String l = "{patch=\"" + REPLACE + "\"}";
    if (version >= 6011) {
      assertTrue(json.contains("\"replace\": true,"), json);
      assertEquals(1.0, m.value("livepatch_patch_replace" + l));
    } else {
      assertTrue(json.contains("\"replace\": null,"), json);
      assertEquals(Optional.empty(), m.get("livepatch_patch_replace" + l));
    }
    if (expected.containsKey("stack_order")) {
      int order = seven.kernel.patches().get(REPLACE).stackOrderValue().orElseThrow();
      assertTrue(json.contains("\"stack_order\": " + order + ","), json);
      assertEquals(order, m.value("livepatch_patch_stack_order" + l));
    } else {
      assertTrue(json.contains("\"stack_order\": null,"), json);
      assertEquals(Optional.empty(), m.get("livepatch_patch_stack_order" + l));
    }
  }
}
