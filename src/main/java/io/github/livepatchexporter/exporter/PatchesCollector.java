package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.KgraftState;
import io.github.livepatchexporter.model.LivepatchModule;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.PatchedObject;
import io.github.livepatchexporter.model.ReadProblem.Source;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collector {@code patches}: the host, each registered patch, each loaded patch module. */
final class PatchesCollector implements Collector {
  @Override
  public String name() {
    return "patches";
  }

  @Override
  public String description() {
    return "Host, patches and patch modules.";
  }

  @Override
  public String reads() {
    return "`/sys/kernel/livepatch/*`, `/sys/module/*/{taint,refcnt,version,srcversion}`,"
        + " `/proc/sys/kernel/tainted`";
  }

  @Override
  public Set<Source> sources() {
    return Set.of(Source.LIVEPATCH, Source.MODULES, Source.KERNEL, Source.TASKS);
  }

  @Override
  public boolean update(Scrape scrape, Samples s) {
    LivepatchState state = scrape.state();
    Map<String, PackageInfo> packages = scrape.packages().packages();
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
    return true;
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
}
