package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.KgraftState;
import io.github.livepatchexporter.model.LivepatchModule;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.PatchedObject;
import io.github.livepatchexporter.model.TargetState;
import io.github.livepatchexporter.model.Task;
import io.github.livepatchexporter.model.UpdateCheck;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Pure translations of one {@link LivepatchState} into samples, one method per collector. */
final class StateMetrics {
  /** Scheduler states exported even at 0, so a series never vanishes; others count as "other". */
  static final List<String> STATES = List.of("R", "S", "D", "I", "T", "t", "Z", "other");

  static final List<String> KINDS = List.of("user", "kernel");

  private StateMetrics() {}

  /** Collector {@code patches}: the host, each registered patch, each loaded patch module. */
  static void patches(LivepatchState state, Map<String, PackageInfo> packages, Samples s) {
    s.add(Metric.SYSFS_INTERFACE_PRESENT, state.livepatchInterface());
    s.add(Metric.KGRAFT_INTERFACE_PRESENT, state.kgraft().isPresent());
    s.add(
        Metric.KERNEL_TAINTED_LIVEPATCH,
        state.tainted().isPresent()
            && (state.tainted().getAsLong() & LivepatchState.TAINT_LIVEPATCH) != 0);
    s.add(Metric.KERNEL_INFO, 1, state.osRelease().orElse(""));
    for (Metric m :
        List.of(
            Metric.PATCH_ENABLED,
            Metric.PATCH_TRANSITION,
            Metric.PATCH_OBJECTS,
            Metric.PATCH_FUNCTIONS,
            Metric.PATCH_OBJECTS_UNLOADED,
            Metric.PATCH_INFO,
            Metric.MODULE_REGISTERED,
            Metric.MODULE_REFCNT)) {
      s.declare(m);
    }
    for (Patch p : state.patches()) {
      String name = p.name();
      s.add(Metric.PATCH_ENABLED, p.enabled(), name);
      s.add(Metric.PATCH_TRANSITION, p.inTransition(), name);
      p.replace().ifPresent(r -> s.add(Metric.PATCH_REPLACE, r, name));
      p.stackOrder().ifPresent(o -> s.add(Metric.PATCH_STACK_ORDER, o, name));
      s.add(Metric.PATCH_OBJECTS, p.objects().size(), name);
      s.add(Metric.PATCH_FUNCTIONS, p.functionCount(), name);
      long unloaded =
          p.objects().stream()
              .map(PatchedObject::patched)
              .filter(o -> o.equals(Optional.of(false)))
              .count();
      s.add(Metric.PATCH_OBJECTS_UNLOADED, unloaded, name);
      patchInfo(state, packages, name, s);
    }
    // kGraft patches (SLE 12) have no livepatch directory, but a module and a package all the same.
    for (String name : state.kgraft().map(KgraftState::patches).orElse(List.of())) {
      if (state.patch(name).isEmpty()) {
        patchInfo(state, packages, name, s);
      }
    }
    for (LivepatchModule m : state.modules()) {
      s.add(Metric.MODULE_REGISTERED, m.registered(), m.name());
      m.refcnt().ifPresent(r -> s.add(Metric.MODULE_REFCNT, r, m.name()));
    }
  }

  private static void patchInfo(
      LivepatchState state, Map<String, PackageInfo> packages, String name, Samples s) {
    Optional<LivepatchModule> module = state.module(name);
    s.add(
        Metric.PATCH_INFO,
        1,
        name,
        module.flatMap(LivepatchModule::version).orElse(""),
        module.flatMap(LivepatchModule::srcversion).orElse(""),
        Optional.ofNullable(packages.get(name)).map(PackageInfo::nvra).orElse(""));
  }

  /** Collector {@code transition}: the transition, its age, and who blocks it. */
  static void transition(LivepatchState state, double startSeconds, int topCommands, Samples s) {
    s.add(Metric.TRANSITION_IN_PROGRESS, state.inProgress());
    Optional<TargetState> target = state.transition().map(t -> t.target());
    for (TargetState t : TargetState.values()) {
      s.add(Metric.TRANSITION_DIRECTION, target.equals(Optional.of(t)), t.direction());
    }
    s.add(Metric.TRANSITION_START, startSeconds);
    List<Task> blockers = state.transition().isPresent() ? state.tasks().blockers() : List.of();
    Map<String, Integer> byStateKind = new HashMap<>();
    Map<String, Integer> byComm = new HashMap<>();
    Set<Integer> pids = new HashSet<>();
    for (Task t : blockers) {
      String st = STATES.contains(String.valueOf(t.state())) ? String.valueOf(t.state()) : "other";
      byStateKind.merge(st + "/" + (t.kernelThread() ? "kernel" : "user"), 1, Integer::sum);
      byComm.merge(t.comm(), 1, Integer::sum);
      pids.add(t.pid());
    }
    for (String st : STATES) {
      for (String kind : KINDS) {
        s.add(Metric.BLOCKING_THREADS, byStateKind.getOrDefault(st + "/" + kind, 0), st, kind);
      }
    }
    s.add(Metric.BLOCKING_PROCESSES, pids.size());
    List<Map.Entry<String, Integer>> top =
        byComm.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .toList();
    int other = 0;
    for (int i = 0; i < top.size(); i++) {
      String comm = top.get(i).getKey();
      if (i < topCommands && !comm.equals("other")) {
        s.add(Metric.BLOCKING_COMMANDS, top.get(i).getValue(), comm);
      } else {
        other += top.get(i).getValue();
      }
    }
    s.add(Metric.BLOCKING_COMMANDS, other, "other");
    s.add(Metric.TASKS_SCANNED, state.transition().isPresent() ? state.tasks().scanned() : 0);
    s.add(Metric.TASKS_UNREADABLE, state.transition().isPresent() ? state.tasks().unreadable() : 0);
  }

  /** Collector {@code packages}: the package facts of the live patch modules, from the cache. */
  static void packages(LivepatchState state, PackageFactsCache.Snapshot facts, Samples s) {
    s.declare(Metric.PATCH_EXPIRY).declare(Metric.PATCH_UPDATE_AVAILABLE).declare(Metric.CVE_FIXED);
    Set<String> cves = new java.util.TreeSet<>();
    for (Map.Entry<String, PackageInfo> e : new java.util.TreeMap<>(facts.packages()).entrySet()) {
      PackageInfo p = e.getValue();
      p.endOfSupport().ifPresent(t -> s.add(Metric.PATCH_EXPIRY, t.getEpochSecond(), e.getKey()));
      p.update()
          .filter(PackageInfo.UpdateStatus::known)
          .ifPresent(u -> s.add(Metric.PATCH_UPDATE_AVAILABLE, u.available(), e.getKey()));
      if (state.active(e.getKey())) {
        cves.addAll(p.cves());
      }
    }
    cves.forEach(c -> s.add(Metric.CVE_FIXED, 1, c));
    s.add(Metric.PACKAGES_REFRESH, facts.refreshedAt());
    facts
        .updates()
        .ifPresent(
            u -> {
              s.add(Metric.UPDATE_CHECK_SUCCESS, u.unknownReason().isEmpty());
              s.declare(Metric.REPOSITORY_REFRESH);
              for (UpdateCheck.Repository r : u.repositories()) {
                s.add(
                    Metric.REPOSITORY_REFRESH,
                    r.refreshed().map(t -> t.toEpochMilli() / 1000.0).orElse(0.0),
                    r.alias());
              }
            });
  }

  /** Collector {@code kgraft}: the legacy interface of SLE 12 kernels. */
  static void kgraft(LivepatchState state, Samples s) {
    boolean inProgress = state.kgraft().map(KgraftState::inProgress).orElse(false);
    s.add(Metric.KGRAFT_IN_PROGRESS, inProgress);
    long marked =
        inProgress && state.transition().isEmpty()
            ? state.tasks().blockers().stream().map(Task::pid).distinct().count()
            : 0;
    s.add(Metric.KGRAFT_MARKED_PROCESSES, marked);
  }
}
