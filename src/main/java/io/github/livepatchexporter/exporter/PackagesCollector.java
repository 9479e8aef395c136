package io.github.livepatchexporter.exporter;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.ReadProblem.Source;
import io.github.livepatchexporter.model.UpdateCheck;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collector {@code packages}: the package facts of the live patch modules, from the cache that
 * looks them up in the background. It fails when the facts it shows could not be had.
 */
final class PackagesCollector implements Collector {
  @Override
  public String name() {
    return "packages";
  }

  @Override
  public String description() {
    return "Package, CVEs, end of support and updates of each patch, looked up in the background"
        + " with rpm and zypper.";
  }

  @Override
  public String reads() {
    return "in the background, never in a scrape: each patch module's file where the"
        + " vendors install it (`/lib/modules/<release>/`, `/usr/lib/modules/<release>/`,"
        + " `/usr/lib/kpatch/<release>/`, `/var/lib/kpatch/<release>/`), the RPM owning it"
        + " (`rpm -qf`), its changelog, the lifecycle data under"
        + " `{var/lib,usr/lib,usr/share}/lifecycle/data/`, and the package manager's"
        + " cached metadata: zypper (`zypper --no-refresh search`, `/etc/zypp/repos.d/`,"
        + " `/var/cache/zypp/raw/`) or dnf (`dnf --cacheonly repoquery`,"
        + " `/etc/yum.repos.d/`, `/var/cache/dnf/`)";
  }

  @Override
  public Set<Source> sources() {
    return Set.of();
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("refresh_interval_seconds", "check_updates");
  }

  @Override
  public boolean usesPackageFacts() {
    return true;
  }

  @Override
  public boolean update(Scrape scrape, Samples s) {
    LivepatchState state = scrape.state();
    PackageFactsCache.Snapshot facts = scrape.packages();
    s.declare(Metric.PATCH_EXPIRY).declare(Metric.PATCH_UPDATE_AVAILABLE).declare(Metric.CVE_FIXED);
    Set<String> cves = new TreeSet<>();
    for (Map.Entry<String, PackageInfo> e : new TreeMap<>(facts.packages()).entrySet()) {
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
    return facts.ok();
  }
}
