package io.github.livepatchexporter.model;

/**
 * The transition in progress: the first patch (in name order) whose {@code transition} reads 1, and
 * its target, which is that patch's {@code enabled}. The kernel allows one at a time.
 */
public record Transition(String patch, TargetState target) {}
