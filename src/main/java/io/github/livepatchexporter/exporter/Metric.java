package io.github.livepatchexporter.exporter;

import java.util.List;

/**
 * Every metric this exporter exposes: name, type, labels and HELP text naming the source file. The
 * one place metric names are spelled; {@code docs/metrics.md} is checked against it.
 */
public enum Metric {
  SYSFS_INTERFACE_PRESENT(
      "livepatch_sysfs_interface_present",
      Type.GAUGE,
      "1 if /sys/kernel/livepatch exists (kernel built with CONFIG_LIVEPATCH)."),
  KGRAFT_INTERFACE_PRESENT(
      "livepatch_kgraft_interface_present",
      Type.GAUGE,
      "1 if the legacy kGraft interface /sys/kernel/kgraft exists (SLE 12 kernels)."),
  KERNEL_TAINTED_LIVEPATCH(
      "livepatch_kernel_tainted_livepatch",
      Type.GAUGE,
      "1 if taint bit 15 (K, live patched) is set in /proc/sys/kernel/tainted; sticky until reboot."),
  KERNEL_INFO(
      "livepatch_kernel",
      Type.INFO,
      "The running kernel's release, from /proc/sys/kernel/osrelease.",
      "release"),
  PATCH_ENABLED(
      "livepatch_patch_enabled",
      Type.GAUGE,
      "Content of /sys/kernel/livepatch/<patch>/enabled: the patch's target state.",
      "patch"),
  PATCH_TRANSITION(
      "livepatch_patch_transition",
      Type.GAUGE,
      "Content of /sys/kernel/livepatch/<patch>/transition (since 4.12): 1 while in transition.",
      "patch"),
  PATCH_REPLACE(
      "livepatch_patch_replace",
      Type.GAUGE,
      "Content of /sys/kernel/livepatch/<patch>/replace (since 6.11): 1 for an atomic-replace patch.",
      "patch"),
  PATCH_STACK_ORDER(
      "livepatch_patch_stack_order",
      Type.GAUGE,
      "Content of /sys/kernel/livepatch/<patch>/stack_order (6.13+): the highest order wins.",
      "patch"),
  PATCH_OBJECTS(
      "livepatch_patch_objects",
      Type.GAUGE,
      "Objects (vmlinux or modules) under /sys/kernel/livepatch/<patch>/.",
      "patch"),
  PATCH_FUNCTIONS(
      "livepatch_patch_functions",
      Type.GAUGE,
      "Function directories <func>,<sympos> under /sys/kernel/livepatch/<patch>/<object>/.",
      "patch"),
  PATCH_OBJECTS_UNLOADED(
      "livepatch_patch_objects_unloaded",
      Type.GAUGE,
      "Objects whose /sys/kernel/livepatch/<patch>/<object>/patched reads 0: target module not loaded.",
      "patch"),
  PATCH_INFO(
      "livepatch_patch",
      Type.INFO,
      "A registered patch (/sys/kernel/livepatch/<patch>, or kgraft/<patch> on SLE 12); version and"
          + " srcversion from /sys/module/<patch>/, rpm: the package owning the module file (rpm -qf),"
          + " empty when unknown.",
      "patch",
      "version",
      "srcversion",
      "rpm"),
  PATCH_EXPIRY(
      "livepatch_patch_expiry_timestamp_seconds",
      Type.GAUGE,
      "End of support of the patch's package, from the lifecycle data in"
          + " /usr/share/lifecycle/data/*.lifecycle (and /var/lib, /usr/lib); absent when unknown.",
      "patch"),
  PATCH_UPDATE_AVAILABLE(
      "livepatch_patch_update_available",
      Type.GAUGE,
      "1 if the package manager's cached metadata (zypper, dnf) holds a newer version of the patch's package (checked in the"
          + " background, never refreshed by the exporter); absent while the status is unknown.",
      "patch"),
  UPDATE_CHECK_SUCCESS(
      "livepatch_packages_update_check_success",
      Type.GAUGE,
      "1 if the update status of every patch package is known from the package manager's cached"
          + " metadata; 0 if it is unknown for some (no zypper or dnf, metadata never cached, the"
          + " package manager failed: logged)."),
  REPOSITORY_REFRESH(
      "livepatch_packages_repository_refresh_timestamp_seconds",
      Type.GAUGE,
      "When root last refreshed an enabled repository's metadata (zypper: its index file in"
          + " /var/cache/zypp/raw/<repository>/; dnf: its newest file in"
          + " /var/cache/dnf/<repository>-<hash>/repodata/); 0 if it is not cached.",
      "repository"),
  CVE_FIXED(
      "livepatch_cve_fixed",
      Type.GAUGE,
      "1 per CVE named in the rpm changelog of an active patch's package (rpm -q --changelog).",
      "cve"),
  PACKAGES_REFRESH(
      "livepatch_packages_refresh_timestamp_seconds",
      Type.GAUGE,
      "When the package facts (rpm, lifecycle data, zypper or dnf) were last looked up; 0 before the first"
          + " lookup."),
  MODULE_REGISTERED(
      "livepatch_module_registered",
      Type.GAUGE,
      "Per loaded live patch module (K in /sys/module/<module>/taint): 1 if"
          + " /sys/kernel/livepatch/<module> (or kgraft/<module>) exists, 0 if replaced or"
          + " disabled but still loaded.",
      "module"),
  MODULE_REFCNT(
      "livepatch_module_refcnt",
      Type.GAUGE,
      "Content of /sys/module/<module>/refcnt of a loaded live patch module.",
      "module"),
  TRANSITION_IN_PROGRESS(
      "livepatch_transition_in_progress",
      Type.GAUGE,
      "1 if any /sys/kernel/livepatch/*/transition or /sys/kernel/kgraft/in_progress reads 1"
          + " (klp check exits 1)."),
  TRANSITION_DIRECTION(
      "livepatch_transition_direction",
      Type.GAUGE,
      "1 for the direction of the transition in progress (enabled of the patch in transition).",
      "direction"),
  TRANSITION_START(
      "livepatch_transition_start_timestamp_seconds",
      Type.GAUGE,
      "When this exporter first saw the current transition (transition and enabled of the patch, or"
          + " kgraft/in_progress); 0 without one."),
  BLOCKING_THREADS(
      "livepatch_transition_blocking_threads",
      Type.GAUGE,
      "Threads whose /proc/<pid>/task/<tid>/patch_state differs from the target, by scheduler"
          + " state (from stat) and kind.",
      "state",
      "kind"),
  BLOCKING_PROCESSES(
      "livepatch_transition_blocking_processes",
      Type.GAUGE,
      "Processes (/proc/<pid>) with at least one blocking thread."),
  BLOCKING_COMMANDS(
      "livepatch_transition_blocking_command_threads",
      Type.GAUGE,
      "Blocking threads by /proc/<pid>/task/<tid>/comm: the top N commands, the rest as other.",
      "comm"),
  TASKS_SCANNED(
      "livepatch_tasks_scanned",
      Type.GAUGE,
      "Threads whose patch_state was read in the last walk of /proc (only during a transition)."),
  TASKS_UNREADABLE(
      "livepatch_tasks_unreadable",
      Type.GAUGE,
      "Threads whose /proc/<pid>/task/<tid>/patch_state could not be read in the last walk."),
  PROC_WALKS(
      "livepatch_proc_walks",
      Type.COUNTER,
      "Walks over /proc/<pid>/task/<tid>/ since the exporter started; concurrent scrapes share one."),
  KGRAFT_IN_PROGRESS(
      "livepatch_kgraft_in_progress",
      Type.GAUGE,
      "Content of /sys/kernel/kgraft/in_progress (legacy kGraft)."),
  KGRAFT_MARKED_PROCESSES(
      "livepatch_kgraft_marked_processes",
      Type.GAUGE,
      "Processes whose /proc/<pid>/kgr_in_progress reads 1 (still in the old universe)."),
  COLLECTOR_SUCCESS(
      "livepatch_scrape_collector_success",
      Type.GAUGE,
      "1 if the collector's files were read and parsed without error in this scrape.",
      "collector"),
  COLLECTOR_DURATION(
      "livepatch_scrape_collector_duration_seconds",
      Type.GAUGE,
      "Time the collector took in this scrape, including its share of the read of /sys and /proc.",
      "collector"),
  BUILD_INFO(
      "livepatch_exporter_build",
      Type.INFO,
      "The exporter's version, the revision and branch it was built from, and the Java runtime it"
          + " runs on.",
      "version",
      "revision",
      "branch",
      "javaversion");

  /** How the value behaves. */
  public enum Type {
    GAUGE,
    COUNTER,
    INFO
  }

  private final String name;
  private final Type type;
  private final String help;
  private final List<String> labels;

  Metric(String name, Type type, String help, String... labels) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labels = List.of(labels);
  }

  /** The name without the suffix the type adds ({@code _total}, {@code _info}). */
  public String baseName() {
    return name;
  }

  /** The name as it appears in the exposition format. */
  public String exposedName() {
    return switch (type) {
      case COUNTER -> name + "_total";
      case INFO -> name + "_info";
      case GAUGE -> name;
    };
  }

  public Type type() {
    return type;
  }

  public String help() {
    return help;
  }

  public List<String> labels() {
    return labels;
  }
}
