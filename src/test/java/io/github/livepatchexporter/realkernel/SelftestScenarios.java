package io.github.livepatchexporter.realkernel;

import static io.github.livepatchexporter.realkernel.Phases.assertDmesg;
import static io.github.livepatchexporter.realkernel.Phases.metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.realkernel.Capture.Checkpoint;
import io.github.livepatchexporter.realkernel.Capture.Command;
import io.github.livepatchexporter.realkernel.KernelView.Blocker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scenarios of the kernel's own livepatch selftests (tools/testing/selftests/livepatch) that
 * change what a user sees, checkpoints 9 to 12 of src/test/qemu/init.sh. Each phase is held against
 * the kernel's view of it by {@link Phases#check}; these add what the scenario set out to make the
 * kernel do.
 */
final class SelftestScenarios {
  private SelftestScenarios() {}

  /** 9: a livepatch of a module loaded after it, then removed again. */
  static void targetModuleLoadedAfterItsLivepatch(Phases phases) throws Exception {
    String late = "lpe_patch_late";
    String l = "{patch=\"" + late + "\"}";
    int[] expected = {0, 1, 0};
    String[] ids = {"9a", "9b", "9c"};
    for (int i = 0; i < ids.length; i++) {
      Checkpoint cp = phases.check(ids[i]);
      KernelView.Patch p = cp.kernel.patches().get(late);
      assertEquals(List.of(1, 0), List.of(p.enabled(), p.transition()), ids[i]);
      assertEquals(Map.of("lpe_target", expected[i]), p.objectsPatched(), ids[i]);
      assertEquals(List.of("lpe_target/lpe_target_show,1"), p.functions(), ids[i]);
      assertFalse(cp.kernel.inTransition(), ids[i]);
      String json = CliOracle.jsonPatch(cp.command("klp -o json patches").out(), late, ids[i]);
      assertTrue(
          Pattern.compile("\"name\": \"lpe_target\",\\s*\"patched\": " + (expected[i] == 1) + ",")
              .matcher(json)
              .find(),
          json);
      Metrics m = metrics(cp);
      assertEquals(1 - expected[i], m.value("livepatch_patch_objects_unloaded" + l), ids[i]);
      assertEquals(1.0, m.value("livepatch_patch_objects" + l), ids[i]);
    }
    assertTrue(
        phases
            .capture()
            .notes()
            .contains("lpe_target says: lpe_patch_late: this function has been live patched"),
        phases.capture().notes().toString());
  }

  /**
   * 10: a pre-patch callback fails with -ENODEV. The CLI and a scrape (from within the guest) start
   * while it runs; where the kernel has stack_order they finish after it, since reading that file
   * waits for the callback's klp_mutex. Either way they succeed, and nothing is reported stuck.
   */
  static void aPatchThatFailsToEnable(Phases phases, boolean kernelHasStackOrder) throws Exception {
    String fail = "lpe_patch_fail";
    Checkpoint during = phases.show("10a");
    KernelView k = during.kernel;
    assertEquals(k.phase(), during.kernelAfter.phase(), "the callback held");
    KernelView.Patch p = k.patches().get(fail);
    // Before the callback the kernel has made the patch the one in transition, towards patched,
    // and set every task to unpatched; "enabled" becomes 1 only once the transition starts.
    assertEquals(List.of(0, 1), List.of(p.enabled(), p.transition()), k.lines().toString());
    assertEquals(Optional.of(fail), k.transitionPatch());
    assertEquals(List.of(), k.blockers(), "nothing is reported stuck");
    assertEquals(kernelHasStackOrder ? "unread" : "-", p.stackOrder());
    List<String> notes = phases.capture().notes();
    if (kernelHasStackOrder) {
      // The klp of the JSON command and the exporter waited there when the callback was released.
      assertTrue(
          notes.stream()
              .anyMatch(n -> n.matches("10a: ([2-9]|\\d\\d+) threads wait in stack_order_show")),
          notes.toString());
    }
    // klp status reads no stack_order: it saw the callback run, the transition of the patch.
    assertEquals(new Command("klp status", 0, "in_progress\n", ""), during.command("klp status"));
    Command json = during.command("klp -o json patches");
    assertEquals(0, json.exit(), json.toString());
    assertEquals("", json.err(), json.toString());
    assertEquals(0, during.metricsExit, "the scrape during the callback");
    Metrics m = metrics(during);
    for (String c : List.of("patches", "transition", "kgraft")) {
      assertEquals(1.0, m.value("livepatch_scrape_collector_success{collector=\"" + c + "\"}"));
    }
    assertEquals(0.0, m.value("livepatch_transition_blocking_processes"));
    if (!kernelHasStackOrder) {
      // Finished while the callback ran: exactly what the kernel showed.
      CliOracle.check(during);
      MetricsOracle.check("10a", k, m);
    }

    Checkpoint after = phases.check("10b");
    KernelView a = after.kernel;
    assertFalse(a.patches().containsKey(fail), "the patch directory vanished");
    assertFalse(a.modules().containsKey(fail), "the module never loaded");
    assertFalse(a.inTransition());
    assertDmesg(
        a,
        "lpe_patch_fail: pre-patch callback returns -ENODEV",
        "livepatch: failed to enable patch '" + fail + "'");
    assertTrue(
        phases.capture().notes().stream()
            .anyMatch(n -> n.startsWith("insmod " + fail + ": exit ") && !n.contains(": exit 0:")),
        phases.capture().notes().toString());
    assertEquals(new Command("klp status", 0, "ready\n", ""), after.command("klp status"));
    assertFalse(after.command("klp -v patches").out().contains(fail));
    Metrics am = metrics(after);
    assertEquals(Optional.empty(), am.get("livepatch_patch_enabled{patch=\"" + fail + "\"}"));
    assertEquals(Optional.empty(), am.get("livepatch_module_registered{module=\"" + fail + "\"}"));
  }

  /** 11: a busy target module stalls patching; reversed, a reader stalls unpatching. */
  static void aBusyTargetModuleStallsTheTransitionUntilItReverses(Phases phases) throws Exception {
    String busy = "lpe_patch_busy";
    Checkpoint patching = phases.check("11a");
    KernelView k = patching.kernel;
    assertEquals(Optional.of(busy), k.transitionPatch());
    assertEquals(1, k.target());
    assertEquals(1, k.blockers().size(), k.blockers().toString());
    Blocker worker = k.blockers().get(0);
    assertTrue(worker.kernelThread(), worker.toString());
    assertTrue(worker.comm().startsWith("kworker/"), worker.toString());
    assertEquals('D', worker.state(), worker.toString());
    assertEquals(0, worker.patchState());
    assertTrue(
        Sleepers.onTop(worker.stack().get(0), "lpe_busy_wait", "lpe_busy"), worker.stack().get(0));
    assertEquals(
        worker.pid() + " [" + worker.comm() + "]\n", patching.command("klp -v blocking").out());
    Metrics m = metrics(patching);
    assertEquals(1.0, m.value("livepatch_transition_direction{direction=\"patching\"}"));
    assertEquals(0.0, m.value("livepatch_transition_direction{direction=\"unpatching\"}"));
    assertEquals(
        1.0, m.value("livepatch_transition_blocking_threads{kind=\"kernel\",state=\"D\"}"));

    Checkpoint unpatching = phases.check("11b");
    KernelView u = unpatching.kernel;
    assertEquals(Optional.of(busy), u.transitionPatch());
    assertEquals(0, u.target());
    assertEquals(1, u.blockers().size(), u.blockers().toString());
    Blocker reader = u.blockers().get(0);
    assertFalse(reader.kernelThread(), reader.toString());
    assertEquals("cat /proc/lpe_busy", reader.cmdline());
    assertEquals(1, reader.patchState());
    assertTrue(
        Sleepers.onTop(reader.stack().get(0), "lpe_patch_busy_wait", busy), reader.stack().get(0));
    // The kernel logs the reversal itself only at debug level; it starts the opposite transition.
    List<String> log =
        u.dmesg().stream()
            .filter(l -> l.contains("livepatch: '" + busy + "'"))
            .map(l -> l.substring(l.indexOf("livepatch: ")))
            .toList();
    assertEquals(
        List.of(
            "livepatch: '" + busy + "': starting patching transition",
            "livepatch: '" + busy + "': starting unpatching transition"),
        log.subList(Math.max(0, log.size() - 2), log.size()));
    assertEquals(
        reader.pid() + " cat /proc/lpe_busy\n", unpatching.command("klp -v blocking").out());
    assertTrue(
        unpatching.command("klp -o json status").out().contains("\"direction\": \"unpatching\""));
    Metrics um = metrics(unpatching);
    assertEquals(0.0, um.value("livepatch_transition_direction{direction=\"patching\"}"));
    assertEquals(1.0, um.value("livepatch_transition_direction{direction=\"unpatching\"}"));
    assertEquals(1.0, um.value("livepatch_transition_blocking_threads{kind=\"user\",state=\"S\"}"));
    assertEquals(
        0.0, um.value("livepatch_transition_blocking_threads{kind=\"kernel\",state=\"D\"}"));

    Checkpoint done = phases.check("11c");
    KernelView d = done.kernel;
    assertFalse(d.inTransition());
    assertFalse(d.patches().containsKey(busy));
    assertEquals(0, d.modules().get(busy).refcnt());
    assertDmesg(d, "livepatch: '" + busy + "': unpatching complete");
    String note = "busy reader " + reader.pid() + ": released by implementation 1";
    assertTrue(phases.capture().notes().contains(note), note + " in " + phases.capture().notes());
    assertEquals(0.0, metrics(done).value("livepatch_transition_in_progress"));
  }

  /** 12: two stacked patches; stack_order where the kernel has it, renumbered after removal. */
  static void twoStackedPatches(Phases phases, boolean kernelHasStackOrder) throws Exception {
    String a = "lpe_patch_stack_a";
    String b = "lpe_patch_stack_b";
    Checkpoint both = phases.check("12a");
    KernelView k = both.kernel;
    assertEquals(
        "lpe_patch_stack_b: this function has been live patched", k.values().get("proc_cmdline"));
    assertOrders(both, Map.of(a, 1, b, 2), kernelHasStackOrder);

    Checkpoint one = phases.check("12b");
    assertFalse(one.kernel.patches().containsKey(a));
    assertFalse(one.kernel.modules().containsKey(a), "removed");
    assertEquals(
        "lpe_patch_stack_b: this function has been live patched",
        one.kernel.values().get("proc_cmdline"));
    assertOrders(one, Map.of(b, 1), kernelHasStackOrder);
  }

  /** Each patch's stack_order in the kernel, klp -o json patches and /metrics. */
  private static void assertOrders(
      Checkpoint cp, Map<String, Integer> orders, boolean kernelHasStackOrder) {
    Metrics m = metrics(cp);
    String json = cp.command("klp -o json patches").out();
    orders.forEach(
        (patch, order) -> {
          KernelView.Patch p = cp.kernel.patches().get(patch);
          String entry = CliOracle.jsonEntry(json, patch, cp.id);
          String series = "livepatch_patch_stack_order{patch=\"" + patch + "\"}";
          if (kernelHasStackOrder) {
            assertEquals(Optional.of(order), p.stackOrderValue(), cp.id + " " + patch);
            assertTrue(entry.contains("\"stack_order\": " + order + ","), entry);
            assertEquals(order.doubleValue(), m.value(series));
          } else {
            assertEquals(Optional.empty(), p.stackOrderValue(), cp.id + " " + patch);
            assertTrue(entry.contains("\"stack_order\": null,"), entry);
            assertEquals(Optional.empty(), m.get(series));
          }
        });
  }
}
