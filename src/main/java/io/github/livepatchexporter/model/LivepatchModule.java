package io.github.livepatchexporter.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A loaded module tainted {@code K} (a live patch module): {@code /sys/module/<name>/}.
 *
 * @param refcnt {@code refcnt}: 1 while the patch is registered, 0 once disabled or replaced
 * @param taint {@code taint}, for example {@code OEK}
 * @param version {@code version}, when the module declares MODULE_VERSION
 * @param srcversion {@code srcversion}
 * @param registered whether the patch has its directory: {@code /sys/kernel/livepatch/<name>/}, or
 *     {@code /sys/kernel/kgraft/<name>/} on kGraft kernels
 */
public record LivepatchModule(
    String name,
    OptionalInt refcnt,
    Optional<String> taint,
    Optional<String> version,
    Optional<String> srcversion,
    boolean registered) {}
