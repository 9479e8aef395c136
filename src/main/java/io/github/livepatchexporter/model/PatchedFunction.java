package io.github.livepatchexporter.model;

/**
 * A directory {@code /sys/kernel/livepatch/<patch>/<object>/<function>,<sympos>/}.
 *
 * @param sympos the symbol position; 0 means the symbol is unique
 */
public record PatchedFunction(String name, int sympos) {}
