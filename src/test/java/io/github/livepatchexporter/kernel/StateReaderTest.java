package io.github.livepatchexporter.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.ReadProblem;
import io.github.livepatchexporter.model.TargetState;
import io.github.livepatchexporter.model.Task;
import io.github.livepatchexporter.model.Transition;
import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateReaderTest {
  @TempDir Path tmp;

  private LivepatchState read(String scenario, ReadOptions options) {
    return new StateReader(Fixtures.roots(Fixtures.copy(scenario, tmp))).read(options);
  }

  private static List<String> blockers(LivepatchState s) {
    return s.tasks().blockers().stream().map(t -> t.pid() + "/" + t.tid()).toList();
  }

  @Test
  void patchingStalledFindsExactlyTheBlockers() {
    LivepatchState s = read("patching-stalled", ReadOptions.BLOCKING);
    assertEquals(
        Optional.of(new Transition("livepatch_sleeper_2_1_1", TargetState.PATCHED)),
        s.transition());
    assertEquals(List.of("312/312", "845/845", "900/902", "900/903", "1200/1200"), blockers(s));
    Task kthread = s.tasks().blockers().get(0);
    assertTrue(kthread.kernelThread());
    assertEquals('I', kthread.state());
    assertEquals("[klp_sleeper]", kthread.displayCommand());
    assertEquals('D', s.tasks().blockers().get(4).state());
    assertEquals(11, s.tasks().scanned());
    assertEquals(List.of(), s.problems());
    assertTrue(s.tasks().blockers().stream().allMatch(t -> t.stack().isEmpty()), "no stacks asked");
  }

  @Test
  void stacksOnlyWhenAsked() {
    LivepatchState s = read("patching-stalled", ReadOptions.BLOCKING_STACKS);
    assertEquals(
        "[<0>] klp_sleeper_wait+0x5a/0xa0 [klp_sleeper]",
        s.tasks().blockers().get(1).stack().orElseThrow().get(0));
  }

  @Test
  void unpatchingBlockersHoldStateOne() {
    LivepatchState s = read("unpatching-stalled", ReadOptions.BLOCKING);
    assertEquals(TargetState.UNPATCHED, s.transition().orElseThrow().target());
    assertEquals(List.of("312/312", "845/845", "900/902", "900/903"), blockers(s));
    assertTrue(s.tasks().blockers().stream().allMatch(t -> t.patchState() == 1));
  }

  @Test
  void reversedTransitionTargetsEnabled() {
    LivepatchState s = read("reversed-transition", ReadOptions.BLOCKING);
    assertEquals(TargetState.PATCHED, s.transition().orElseThrow().target());
    assertEquals(List.of("845/845"), blockers(s));
  }

  @Test
  void idleBlockedTransitionHasNoVisibleBlocker() {
    LivepatchState s = read("idle-blocked", ReadOptions.BLOCKING);
    assertTrue(s.inProgress());
    assertEquals(List.of(), blockers(s));
    assertEquals(4, s.tasks().scanned());
  }

  @Test
  void noWalkOutsideATransition() {
    LivepatchState s = read("one-enabled", ReadOptions.ALL);
    assertFalse(s.tasks().walked());
    assertFalse(s.inProgress());
  }

  @Test
  void vanishedTasksAreSkippedAndCounted() {
    LivepatchState s = read("vanished-task", ReadOptions.BLOCKING);
    assertEquals(List.of("845/845", "1503/1503"), blockers(s));
    assertEquals(2, s.tasks().vanished(), "1501 had no task directory, 1502 lost its comm");
    assertEquals(0, s.tasks().unreadable());
    assertEquals(List.of(), s.problems());
  }

  @Test
  void replaceStackDetails() {
    LivepatchState s = read("replace-stack", ReadOptions.PATCHES);
    assertEquals(List.of("livepatch_1_1_1", "livepatch_2_1_1", "livepatch_10_2_1"), s.patchNames());
    Patch p = s.patch("livepatch_10_2_1").orElseThrow();
    assertEquals(Optional.of(false), p.replace());
    assertEquals(OptionalInt.of(3), p.stackOrder());
    assertEquals(3, p.functionCount());
    assertEquals(Optional.of(false), p.objects().get(0).patched(), "nfsd is not loaded");
    assertEquals(OptionalInt.of(1), s.module("livepatch_10_2_1").orElseThrow().refcnt());
  }

  @Test
  void replacedModuleIsInactive() {
    LivepatchState s = read("replaced-module-loaded", ReadOptions.PATCHES);
    assertEquals(List.of("livepatch_1_1_1", "livepatch_2_1_1"), s.patchNames());
    assertFalse(s.active("livepatch_1_1_1"));
    assertTrue(s.active("livepatch_2_1_1"));
    assertEquals("livepatch_1_1_1", s.inactiveModules().get(0).name());
    assertFalse(s.inactiveModules().get(0).registered());
  }

  @Test
  void kgraftLegacy() {
    LivepatchState s = read("kgraft-legacy", ReadOptions.BLOCKING);
    assertFalse(s.livepatchInterface());
    assertTrue(s.inProgress());
    assertEquals(List.of("kgraft_patch_2_2_1"), s.kgraft().orElseThrow().patches());
    assertEquals(List.of("700/700", "810/810", "920/920"), blockers(s));
  }

  @Test
  void oldKernelWithoutTransitionFiles() {
    LivepatchState s = read("old-kernel-no-transition-file", ReadOptions.ALL);
    assertEquals(Optional.empty(), s.patches().get(0).transition());
    assertEquals(Optional.empty(), s.patches().get(0).objects().get(0).patched());
    assertFalse(s.inProgress());
  }

  @Test
  void noLivepatchSupport() {
    LivepatchState s = read("no-livepatch-support", ReadOptions.ALL);
    assertFalse(s.livepatchInterface());
    assertEquals(List.of(), s.patchNames());
    assertEquals(List.of(), s.problems());
  }

  @Test
  void forceIsNeverRead() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    // Reading a directory fails: had the reader touched force, a problem would name it.
    Files.createDirectories(root.resolve("sys/kernel/livepatch/livepatch_sleeper_2_1_1/force"));
    LivepatchState s = new StateReader(Fixtures.roots(root)).read(ReadOptions.ALL);
    assertEquals(List.of(), s.problems());
  }

  @Test
  void unreadablePatchStateIsCountedNotFatal() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Path ps = root.resolve("proc/845/task/845/patch_state");
    Files.delete(ps);
    Files.createDirectory(ps);
    LivepatchState s = new StateReader(Fixtures.roots(root)).read(ReadOptions.BLOCKING);
    assertEquals(1, s.tasks().unreadable());
    assertEquals(List.of("312/312", "900/902", "900/903", "1200/1200"), blockers(s));
    ReadProblem p = s.problems().get(0);
    assertEquals(ReadProblem.Scope.TASK, p.scope());
    assertEquals(ps.toString(), p.path());
  }

  @Test
  void garbagePatchStateIsCounted() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    Files.writeString(root.resolve("proc/845/task/845/patch_state"), "banana\n");
    LivepatchState s = new StateReader(Fixtures.roots(root)).read(ReadOptions.BLOCKING);
    assertEquals(1, s.tasks().unreadable());
    assertEquals("expected -1, 0 or 1, got \"banana\"", s.problems().get(0).message());
  }

  @Test
  void garbageEnabledIsAHostProblem() throws Exception {
    Path root = Fixtures.copy("one-enabled", tmp);
    Path enabled = root.resolve("sys/kernel/livepatch/livepatch_1_1_1/enabled");
    Files.writeString(enabled, "yes\n");
    LivepatchState s = new StateReader(Fixtures.roots(root)).read(ReadOptions.STATUS);
    assertTrue(s.hasHostProblems());
    assertEquals(enabled + ": expected 0 or 1, got \"yes\"", s.problems().get(0).toString());
  }

  @Test
  void missingRootIsAHostProblem() {
    Path nowhere = tmp.resolve("nowhere");
    LivepatchState s =
        new StateReader(new Roots(nowhere, nowhere, nowhere)).read(ReadOptions.STATUS);
    assertEquals(nowhere + ": no such directory", s.problems().get(0).toString());
  }
}
