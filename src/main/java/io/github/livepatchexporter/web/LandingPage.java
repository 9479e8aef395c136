package io.github.livepatchexporter.web;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.ReadProblem;
import java.time.Instant;
import java.util.Map;

/**
 * The page at {@code /}: what an engineer woken at 3 a.m. needs on one screen before reading {@code
 * /metrics}: which host, whether a transition is stuck and for how long, what blocks it, and the
 * patches with their packages. Plain HTML and CSS, no script; it reloads itself.
 */
public final class LandingPage {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;"
          + "color:#1f2328}"
          + "h1{margin:.2em 0;font-size:1.6em}h1 small{font-weight:normal;color:#59636e}"
          + "h2{font-size:1.2em;margin:1.4em 0 .4em}"
          + "table{border-collapse:collapse;margin:.4em 0}"
          + "td,th{border:1px solid #d1d9e0;padding:.25em .6em;text-align:left;vertical-align:top}"
          + "th{background:#f6f8fa}td.num{text-align:right}"
          + "td.cmd{font-family:monospace;word-break:break-all;max-width:40em}"
          + "tr.d td{background:#fff1e5}"
          + ".status{padding:.6em 1em;border-radius:6px;font-size:1.1em;border:1px solid}"
          + ".ok{background:#dafbe1;border-color:#1a7f37}"
          + ".warn{background:#fff8c5;border-color:#9a6700}"
          + ".bad{background:#ffebe9;border-color:#cf222e}"
          + ".none{background:#f6f8fa;border-color:#59636e}"
          + ".banner{background:#ddf4ff;border:2px dashed #0969da;padding:.5em 1em;font-weight:bold}"
          + "nav a,footer a{margin-right:1em}dl.legend{display:grid;grid-template-columns:max-content"
          + " auto;gap:0 1em}dl.legend dt{font-family:monospace;font-weight:bold}dl.legend dd{margin:0}"
          + "footer{margin-top:2em;color:#59636e;font-size:.9em}.note{color:#59636e}";

  /** When the LivepatchTransitionStalled warning fires: the status turns from amber to red. */
  static final long STALLED_SECONDS = 15 * 60;

  private final Builder p;

  private LandingPage(Builder p) {
    this.p = p;
  }

  /** A page of one read of the kernel. */
  public static Builder builder(LivepatchState state) {
    return new Builder(state);
  }

  /** What the page is made of; the defaults are those of {@code serve} without options. */
  public static final class Builder {
    final LivepatchState state;
    double transitionStart;
    Map<String, PackageInfo> packages = Map.of();
    String metricsPath = "/metrics";
    String version = "dev";
    String revision = "unknown";
    boolean demo;
    boolean commandLines = true;
    int refreshSeconds = 30;
    Instant now = Instant.now();

    private Builder(LivepatchState state) {
      this.state = state;
    }

    /** When the transition was first seen, in seconds since the epoch; 0 when there is none. */
    public Builder transitionStart(double seconds) {
      this.transitionStart = seconds;
      return this;
    }

    /** The patches' package facts, by patch name, as {@code /metrics} shows them. */
    public Builder packages(Map<String, PackageInfo> packages) {
      this.packages = Map.copyOf(packages);
      return this;
    }

    public Builder metricsPath(String path) {
      this.metricsPath = path;
      return this;
    }

    public Builder version(String version, String revision) {
      this.version = version;
      this.revision = revision;
      return this;
    }

    /** A banner says the host is simulated ({@code serve --demo}). */
    public Builder demo(boolean demo) {
      this.demo = demo;
      return this;
    }

    /** Whether blocking threads' command lines are shown; they can hold secrets. */
    public Builder commandLines(boolean shown) {
      this.commandLines = shown;
      return this;
    }

    /** How often the page reloads itself; 0: never. */
    public Builder refreshSeconds(int seconds) {
      this.refreshSeconds = seconds;
      return this;
    }

    /** The time the ages are counted to. */
    public Builder now(Instant now) {
      this.now = now;
      return this;
    }

    public String render() {
      return new LandingPage(this).html();
    }
  }

  private String html() {
    LivepatchState s = p.state;
    String host = s.hostname().orElse("unknown host");
    String kernel = s.osRelease().orElse("unknown kernel");
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    if (p.refreshSeconds > 0) {
      h.raw("<meta http-equiv=\"refresh\" content=\"" + p.refreshSeconds + "\">\n");
    }
    h.raw("<title>")
        .text(host + " (" + kernel + "): " + headline(s) + " · livepatch_exporter")
        .raw("</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n");
    if (p.demo) {
      h.raw("<p class=\"banner\" id=\"demo\">Demo: a simulated host (serve --demo) that cycles")
          .raw(" through a patch, a stalled transition and an atomic replace. Nothing on this page")
          .raw(" is this machine's kernel.</p>\n");
    }
    h.raw("<header>\n<h1><span id=\"host\">")
        .text(host)
        .raw("</span> <small>kernel <span id=\"kernel\">")
        .text(kernel)
        .raw("</span></small></h1>\n");
    status(h, s);
    h.raw("<nav>")
        .raw(Html.link(p.metricsPath, "Metrics"))
        .raw(Html.link("/-/healthy", "Health"))
        .raw(Html.link("/-/ready", "Readiness"))
        .raw(Html.link(Runbooks.BASE, "Runbook"))
        .raw("</nav>\n</header>\n<main>\n");
    PageSections sections = new PageSections(p);
    sections.transition(h);
    sections.blockers(h);
    sections.patches(h);
    sections.problems(h);
    h.raw("</main>\n");
    footer(h);
    return h.raw("</body>\n</html>\n").toString();
  }

  /** The state in a few words, for the title and the status line. */
  private static String headline(LivepatchState s) {
    if (!s.livepatchInterface() && s.kgraft().isEmpty()) {
      return "no live patching";
    }
    if (s.inProgress()) {
      return "transition in progress";
    }
    return "ready";
  }

  private void status(Html h, LivepatchState s) {
    long hostProblems =
        s.problems().stream().filter(r -> r.scope() == ReadProblem.Scope.HOST).count();
    String kind;
    if (!s.livepatchInterface() && s.kgraft().isEmpty()) {
      kind = "none";
    } else if (hostProblems > 0) {
      kind = "bad";
    } else if (s.inProgress()) {
      kind =
          p.transitionStart > 0 && p.now.getEpochSecond() - p.transitionStart >= STALLED_SECONDS
              ? "bad"
              : "warn";
    } else {
      kind = "ok";
    }
    h.raw("<p class=\"status " + kind + "\" id=\"status\"><strong>")
        .text(headline(s).substring(0, 1).toUpperCase(java.util.Locale.ROOT))
        .text(headline(s).substring(1))
        .raw("</strong>: ");
    if (kind.equals("none")) {
      h.text("this kernel has no live patching interface (/sys/kernel/livepatch is absent).");
    } else if (s.inProgress()) {
      h.text(s.transition().map(t -> t.patch() + " is " + t.target().direction()).orElse("kGraft"))
          .text(", ")
          .text(s.tasks().blockers().size())
          .text(s.tasks().blockers().size() == 1 ? " thread blocks it." : " threads block it.");
    } else {
      long active = s.patchNames().stream().filter(s::active).count();
      int loaded = s.patchNames().size();
      h.text("no transition in progress; ")
          .text(loaded)
          .text(loaded == 1 ? " patch loaded, " : " patches loaded, ")
          .text(active)
          .text(" active.");
    }
    if (hostProblems > 0) {
      h.text(
          " "
              + hostProblems
              + (hostProblems == 1 ? " file" : " files")
              + " could not be read: what this page shows may be wrong.");
    }
    h.raw("</p>\n");
  }

  private void footer(Html h) {
    h.raw("<footer>\n<p>Read at ")
        .raw(Html.time(p.now))
        .raw(p.refreshSeconds > 0 ? "; this page reloads every " + p.refreshSeconds + " s" : "")
        .raw(". livepatch_exporter ")
        .text(p.version)
        .raw(" (revision ")
        .text(p.revision)
        .raw(").</p>\n<p>Runbooks: ");
    for (String alert : Runbooks.ALERTS) {
      h.raw(Html.link(Runbooks.url(alert), alert)).raw(" ");
    }
    h.raw("</p>\n</footer>\n");
  }
}
