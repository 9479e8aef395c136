package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.model.LivepatchModule;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.PatchedFunction;
import io.github.livepatchexporter.model.PatchedObject;
import io.github.livepatchexporter.model.Printable;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code klp patches}: one name per line; with {@code -v} each name is followed by 4-space indented
 * {@code key: value} fields and patches are separated by a blank line, as in the samples that
 * openQA and Uyuni parse. A patch without package data shows {@code active:} only.
 */
final class PatchesView {
  private PatchesView() {}

  static final String INITIAL_PATCH = "(none - this is an initial kernel live patch)";

  /** What SLE 12's kgr printed for version 1 (klp-compat §4). */
  static final String INITIAL_KGRAFT_PATCH = "(none - this is an initial kGraft patch)";

  static final String NONE = "(none)";

  static String text(LivepatchState state, int verbosity) {
    return text(state, verbosity, Map.of());
  }

  static String text(LivepatchState state, int verbosity, Map<String, PackageInfo> packages) {
    return text(state, verbosity, packages, Tool.KLP);
  }

  /** As {@code tool} prints it: kgr speaks of kGraft patches. */
  static String text(
      LivepatchState state, int verbosity, Map<String, PackageInfo> packages, Tool tool) {
    StringBuilder b = new StringBuilder();
    List<String> names = state.patchNames();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (verbosity > 0 && i > 0) {
        b.append('\n');
      }
      b.append(Printable.of(name)).append('\n');
      if (verbosity > 0) {
        b.append("    active: ").append(state.active(name) ? 1 : 0).append('\n');
        PackageInfo p = packages.get(name);
        if (p != null) {
          packageLines(b, p, verbosity, tool == Tool.KGR ? INITIAL_KGRAFT_PATCH : INITIAL_PATCH);
        }
      }
    }
    return b.toString();
  }

  /** The package fields: as the real klp's samples show them, and with -vv support and update. */
  private static void packageLines(
      StringBuilder b, PackageInfo p, int verbosity, String initialPatch) {
    b.append("    RPM: ").append(Printable.of(p.nvra())).append('\n');
    String cves =
        !p.cves().isEmpty()
            ? String.join(" ", p.cves())
            : p.version().equals("1") ? initialPatch : NONE;
    b.append("    CVE: ").append(Printable.of(cves)).append('\n');
    b.append("    bug fixes and enhancements: ")
        .append(p.bugs().isEmpty() ? NONE : Printable.of(String.join(" ", p.bugs())))
        .append('\n');
    if (verbosity > 1) {
      b.append("    end of support: ")
          .append(
              p.endOfSupport()
                  .map(i -> i.atZone(ZoneOffset.UTC).toLocalDate().toString())
                  .orElse("unknown"))
          .append('\n');
      b.append("    update: ").append(Printable.of(update(p))).append('\n');
    }
  }

  private static String update(PackageInfo p) {
    if (p.update().isEmpty() || !p.update().get().known()) {
      return "unknown";
    }
    return p.update().get().newerEdition().map(e -> e + " available").orElse("none available");
  }

  static String json(LivepatchState state) {
    return json(state, Map.of());
  }

  static String json(LivepatchState state, Map<String, PackageInfo> packages) {
    List<Object> patches = new ArrayList<>();
    for (String name : state.patchNames()) {
      Optional<Patch> patch = state.patch(name);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", name);
      p.put("active", state.active(name));
      p.put("registered", patch.isPresent());
      p.put("kgraft", state.kgraft().map(k -> k.patches().contains(name)).orElse(false));
      p.put("enabled", patch.map(Patch::enabled));
      p.put("transition", patch.flatMap(Patch::transition));
      p.put("replace", patch.flatMap(Patch::replace));
      p.put("stack_order", patch.map(Patch::stackOrder));
      p.put("objects", patch.map(PatchesView::objects).orElse(List.of()));
      p.put("module", state.module(name).map(PatchesView::module));
      p.put("package", Optional.ofNullable(packages.get(name)).map(PatchesView::packageJson));
      patches.add(p);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("kernel_release", state.osRelease());
    doc.put(
        "tainted_livepatch",
        state.tainted().isPresent()
            ? Optional.of((state.tainted().getAsLong() & LivepatchState.TAINT_LIVEPATCH) != 0)
            : Optional.empty());
    doc.put("patches", patches);
    return Json.write(doc);
  }

  private static List<Object> objects(Patch patch) {
    List<Object> objects = new ArrayList<>();
    for (PatchedObject o : patch.objects()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", o.name());
      m.put("patched", o.patched());
      List<Object> functions = new ArrayList<>();
      for (PatchedFunction f : o.functions()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("name", f.name());
        fm.put("sympos", f.sympos());
        functions.add(fm);
      }
      m.put("functions", functions);
      objects.add(m);
    }
    return objects;
  }

  private static Map<String, Object> packageJson(PackageInfo p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rpm", p.nvra());
    m.put("name", p.name());
    m.put("version", p.version());
    m.put("release", p.release());
    m.put("arch", p.arch());
    m.put("cves", p.cves());
    m.put("bugs", p.bugs());
    m.put(
        "end_of_support",
        p.endOfSupport().map(i -> i.atZone(ZoneOffset.UTC).toLocalDate().toString()));
    Optional<PackageInfo.UpdateStatus> known = p.update().filter(PackageInfo.UpdateStatus::known);
    m.put("update_available", known.map(PackageInfo.UpdateStatus::available));
    m.put("update_edition", known.flatMap(PackageInfo.UpdateStatus::newerEdition));
    m.put("update_unknown_reason", p.update().flatMap(PackageInfo.UpdateStatus::unknownReason));
    return m;
  }

  private static Map<String, Object> module(LivepatchModule module) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("refcnt", module.refcnt());
    m.put("taint", module.taint());
    m.put("version", module.version());
    m.put("srcversion", module.srcversion());
    return m;
  }
}
