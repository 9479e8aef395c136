package io.github.livepatchexporter.web;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.Printable;
import io.github.livepatchexporter.model.Task;
import java.time.Duration;
import java.time.Instant;

/** The page at {@code /}: what a person wants to see before reading {@code /metrics}. */
public final class LandingPage {
  private LandingPage() {}

  public static String render(
      LivepatchState state, double transitionSince, String metricsPath, String version) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>livepatch_exporter</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:60em}")
        .append(
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}")
        .append("</style></head><body>\n<h1>livepatch_exporter</h1>\n");
    b.append("<p>Metrics: <a href=\"")
        .append(esc(metricsPath))
        .append("\">")
        .append(esc(metricsPath))
        .append("</a></p>\n");
    b.append("<h2>Transition</h2>\n<p>");
    if (!state.livepatchInterface() && state.kgraft().isEmpty()) {
      b.append("This kernel has no live patching interface (/sys/kernel/livepatch is absent).");
    } else if (state.inProgress()) {
      b.append("<strong>in_progress</strong>");
      state
          .transition()
          .ifPresent(
              t ->
                  b.append(": ")
                      .append(esc(t.patch()))
                      .append(", ")
                      .append(t.target().direction()));
      if (transitionSince > 0) {
        long age =
            Duration.between(Instant.ofEpochMilli((long) (transitionSince * 1000)), Instant.now())
                .toSeconds();
        b.append(", first seen ").append(age).append(" s ago");
      }
    } else {
      b.append("ready");
    }
    b.append("</p>\n<h2>Patches</h2>\n");
    if (state.patchNames().isEmpty()) {
      b.append("<p>No live patch is loaded.</p>\n");
    } else {
      b.append(
          "<table><tr><th>patch</th><th>active</th><th>in transition</th><th>functions</th></tr>\n");
      for (String name : state.patchNames()) {
        b.append("<tr><td>")
            .append(esc(name))
            .append("</td><td>")
            .append(state.active(name) ? "yes" : "no")
            .append("</td><td>")
            .append(state.patch(name).map(Patch::inTransition).orElse(false) ? "yes" : "no")
            .append("</td><td>")
            .append(state.patch(name).map(p -> Integer.toString(p.functionCount())).orElse("-"))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    if (!state.tasks().blockers().isEmpty()) {
      b.append(
          "<h2>Blocking tasks</h2>\n<table><tr><th>pid</th><th>tid</th><th>state</th><th>command</th></tr>\n");
      int shown = 0;
      for (Task t : state.tasks().blockers()) {
        if (shown++ == 20) {
          b.append("<tr><td colspan=\"4\">… and ")
              .append(state.tasks().blockers().size() - 20)
              .append(" more (klp -v blocking)</td></tr>\n");
          break;
        }
        b.append("<tr><td>")
            .append(t.pid())
            .append("</td><td>")
            .append(t.tid())
            .append("</td><td>")
            .append(t.state())
            .append("</td><td>")
            .append(esc(t.displayCommand()))
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("<p><small>livepatch_exporter ")
        .append(esc(version))
        .append("</small></p>\n</body></html>\n");
    return b.toString();
  }

  /** HTML-escaped, and non-printable characters shown as {@code ?}, as in the CLI's text. */
  static String esc(String s) {
    return Printable.of(s)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
