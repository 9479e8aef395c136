package io.github.livepatchexporter.web;

import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.model.Patch;
import io.github.livepatchexporter.model.ReadProblem;
import io.github.livepatchexporter.model.Task;
import io.github.livepatchexporter.model.TaskScan;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The landing page's sections: the transition, its blocking threads, the patches, the problems. */
final class PageSections {
  /** Blocking threads listed; the rest are counted ({@code klp -v blocking} lists them all). */
  static final int LISTED = 50;

  /** The window of the LivepatchExpiringSoon alert. */
  private static final int EXPIRING_DAYS = 14;

  private final LandingPage.Builder p;
  private final LivepatchState s;

  PageSections(LandingPage.Builder p) {
    this.p = p;
    this.s = p.state;
  }

  void transition(Html h) {
    if (!s.inProgress()) {
      return;
    }
    h.raw("<section id=\"transition\">\n<h2>Transition</h2>\n<table>\n");
    s.transition()
        .ifPresentOrElse(
            t ->
                h.row("patch", Html.esc(t.patch()))
                    .row(
                        "direction",
                        t.target().direction() + " (target state " + t.target().value() + ")"),
            () -> h.row("interface", "kGraft (/sys/kernel/kgraft/in_progress reads 1)"));
    if (p.transitionStart > 0) {
      Instant since = Instant.ofEpochMilli((long) (p.transitionStart * 1000));
      h.row(
          "first seen",
          Html.time(since)
              + ", <span id=\"age\">"
              + Html.age(Duration.between(since, p.now))
              + "</span> ago");
    }
    h.raw("</table>\n<p class=\"note\">The age counts from when this exporter first saw the")
        .raw(" transition: the kernel does not record when it began, and a restarted exporter")
        .raw(" starts counting again.</p>\n<p>")
        .raw(Runbooks.link(Runbooks.STALLED));
    if (blockers().stream().anyMatch(t -> t.state() == 'D')) {
      h.raw(" ").raw(Runbooks.link(Runbooks.UNINTERRUPTIBLE));
    }
    h.raw("</p>\n</section>\n");
  }

  void blockers(Html h) {
    TaskScan scan = s.tasks();
    if (!scan.walked()) {
      return;
    }
    List<Task> blockers = blockers();
    long processes = blockers.stream().mapToInt(Task::pid).distinct().count();
    long uninterruptible = blockers.stream().filter(t -> t.state() == 'D').count();
    long kernel = blockers.stream().filter(Task::kernelThread).count();
    h.raw("<section id=\"blocking\">\n<h2>Blocking threads</h2>\n<p id=\"counts\">")
        .raw(count(blockers.size(), "thread", "threads", "blocking"))
        .raw(" in ")
        .raw(count(processes, "process", "processes", "processes"))
        .raw(": ")
        .raw(count(uninterruptible, "in D state", "in D state", "uninterruptible"))
        .raw(", ")
        .raw(count(kernel, "kernel thread", "kernel threads", "kernel"))
        .raw(". Of ")
        .raw(count(scan.scanned(), "thread", "threads", "scanned"))
        .raw(" checked, ")
        .raw(count(scan.unreadable(), "could not be read", "could not be read", "unreadable"))
        .raw(" and ")
        .raw(count(scan.vanished(), "vanished", "vanished", "vanished"))
        .raw(" during the read.</p>\n");
    if (scan.unreadable() > 0) {
      h.raw("<p class=\"status warn\">Threads whose patch_state could not be read are not counted:")
          .raw(" the exporter needs CAP_DAC_READ_SEARCH. ")
          .raw(Runbooks.link(Runbooks.CANNOT_READ_TASKS))
          .raw("</p>\n");
    }
    if (blockers.isEmpty()) {
      h.raw("<p>No thread blocks the transition.</p>\n</section>\n");
      return;
    }
    h.raw("<table id=\"blockers\">\n");
    if (p.commandLines) {
      h.head("pid", "tid", "name", "state", "kind", "command");
    } else {
      h.head("pid", "tid", "name", "state", "kind");
    }
    h.raw("<tbody>\n");
    TreeSet<Character> states = new TreeSet<>();
    for (Task t : blockers.subList(0, Math.min(LISTED, blockers.size()))) {
      states.add(t.state());
      h.raw(t.state() == 'D' ? "<tr class=\"d\">" : "<tr>")
          .raw("<td class=\"num\">" + t.pid() + "</td><td class=\"num\">" + t.tid() + "</td><td>")
          .text(t.comm())
          .raw("</td><td><abbr title=\"" + TaskStates.name(t.state()) + "\">")
          .text(String.valueOf(t.state()))
          .raw("</abbr></td><td>" + (t.kernelThread() ? "kernel" : "user") + "</td>");
      if (p.commandLines) {
        h.raw("<td class=\"cmd\">").text(t.displayCommand()).raw("</td>");
      }
      h.raw("</tr>\n");
    }
    h.raw("</tbody>\n</table>\n");
    if (blockers.size() > LISTED) {
      h.raw("<p id=\"more\">… and ")
          .text(blockers.size() - LISTED)
          .raw(" more, listed by <code>klp -v blocking</code> on the host.</p>\n");
    }
    h.raw("<dl class=\"legend\" id=\"legend\">\n");
    for (char c : states) {
      h.raw("<dt>").text(String.valueOf(c)).raw("</dt><dd>").text(TaskStates.explain(c));
      h.raw("</dd>\n");
    }
    h.raw("</dl>\n</section>\n");
  }

  void patches(Html h) {
    List<String> names = s.patchNames();
    h.raw("<section id=\"patches\">\n<h2>Patches</h2>\n");
    if (names.isEmpty()) {
      h.raw("<p>No live patch is loaded.</p>\n</section>\n");
      return;
    }
    h.raw("<table id=\"patch-table\">\n")
        .head(
            "patch",
            "active",
            "in transition",
            "replace",
            "functions",
            "package",
            "end of support",
            "update",
            "CVEs")
        .raw("<tbody>\n");
    TreeSet<String> alerts = new TreeSet<>();
    for (String name : names) {
      Optional<Patch> patch = s.patch(name);
      Optional<PackageInfo> pkg = Optional.ofNullable(p.packages.get(name));
      h.row(
          Html.esc(name),
          s.active(name) ? "yes" : "no",
          patch.map(Patch::inTransition).orElse(false) ? "yes" : "no",
          patch.flatMap(Patch::replace).map(r -> r ? "yes" : "no").orElse("–"),
          patch.map(x -> Integer.toString(x.functionCount())).orElse("–"),
          pkg.map(i -> Html.esc(i.nvra())).orElse("–"),
          pkg.flatMap(PackageInfo::endOfSupport).map(t -> expiry(t, alerts)).orElse("–"),
          pkg.flatMap(PackageInfo::update).map(u -> update(u, alerts)).orElse("–"),
          pkg.map(i -> cves(i.cves())).orElse("–"));
    }
    h.raw("</tbody>\n</table>\n");
    if (p.packages.isEmpty()) {
      h.raw("<p class=\"note\">No package facts: the packages collector is off, the patches come")
          .raw(" from no RPM, or their lookup has not finished yet.</p>\n");
    }
    if (!alerts.isEmpty()) {
      h.raw("<p>");
      alerts.forEach(a -> h.raw(Runbooks.link(a)).raw(" "));
      h.raw("</p>\n");
    }
    h.raw("</section>\n");
  }

  void problems(Html h) {
    List<ReadProblem> problems = s.problems();
    if (problems.isEmpty()) {
      return;
    }
    h.raw("<section id=\"problems\">\n<h2>Read problems</h2>\n<ul>\n");
    for (ReadProblem r : problems.subList(0, Math.min(LISTED, problems.size()))) {
      h.raw("<li><code>").text(r.path()).raw("</code>: ").text(r.message()).raw("</li>\n");
    }
    h.raw("</ul>\n");
    if (problems.size() > LISTED) {
      h.raw("<p>… and ").text(problems.size() - LISTED).raw(" more.</p>\n");
    }
    h.raw("<p>").raw(Runbooks.link(Runbooks.COLLECTOR_FAILED)).raw("</p>\n</section>\n");
  }

  /** Threads in D state first (the ones that block longest), then by pid and tid. */
  private List<Task> blockers() {
    return s.tasks().blockers().stream()
        .sorted(Comparator.comparing((Task t) -> t.state() != 'D'))
        .toList();
  }

  private String expiry(Instant t, TreeSet<String> alerts) {
    long days = Html.daysUntil(p.now, t);
    if (!t.isAfter(p.now)) {
      alerts.add(Runbooks.EXPIRED);
      return "<strong>" + Html.day(t) + ", expired</strong>";
    }
    if (days < EXPIRING_DAYS) {
      alerts.add(Runbooks.EXPIRING);
      return "<strong>" + Html.day(t) + ", in " + days + " days</strong>";
    }
    return Html.day(t) + ", in " + days + " days";
  }

  private static String update(PackageInfo.UpdateStatus u, TreeSet<String> alerts) {
    if (u.unknownReason().isPresent()) {
      alerts.add(Runbooks.UPDATE_UNKNOWN);
      return "unknown: " + Html.esc(u.unknownReason().get());
    }
    if (u.newerEdition().isPresent()) {
      alerts.add(Runbooks.UPDATE);
      return "<strong>" + Html.esc(u.newerEdition().get()) + " available</strong>";
    }
    return "up to date";
  }

  private static String cves(List<String> cves) {
    if (cves.isEmpty()) {
      return "0";
    }
    return "<abbr title=\"" + Html.esc(String.join(" ", cves)) + "\">" + cves.size() + "</abbr>";
  }

  /** A count with its noun, in a span whose id names it for the page's readers and tests. */
  private static String count(long n, String one, String many, String id) {
    return "<span id=\"count-" + id + "\">" + n + "</span> " + (n == 1 ? one : many);
  }
}
