package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.PackageInfo;
import io.github.livepatchexporter.testutil.Fixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a pure function of one read and a clock: what a real browser shows of it is
 * LandingPageIT's; here the cases that need a time or package facts chosen by the test.
 */
class LandingPageTest {
  private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

  @TempDir Path tmp;

  private LivepatchState read(String scenario) {
    return new StateReader(Fixtures.roots(Fixtures.copy(scenario, tmp))).read(ReadOptions.ALL);
  }

  private static Document render(LandingPage.Builder b) {
    return Jsoup.parse(b.now(NOW).render());
  }

  @Test
  void aTransitionTurnsRedWhenTheStalledAlertFires() {
    LivepatchState s = read("patching-stalled");
    double young = NOW.getEpochSecond() - LandingPage.STALLED_SECONDS + 1;
    double old = NOW.getEpochSecond() - LandingPage.STALLED_SECONDS;
    assertTrue(
        render(LandingPage.builder(s).transitionStart(young))
            .selectFirst("#status")
            .hasClass("warn"));
    Document d = render(LandingPage.builder(s).transitionStart(old));
    assertTrue(d.selectFirst("#status").hasClass("bad"));
    assertEquals("15 min 0 s", d.selectFirst("#age").text());
    assertEquals("2026-12-02T02:45:00Z", d.selectFirst("#transition time").attr("datetime"));
    assertEquals("2026-12-02 02:45:00 UTC", d.selectFirst("#transition time").text());
  }

  @Test
  void expiryAndUpdateStatusNameTheirRunbooks() {
    LivepatchState s = read("one-enabled");
    String patch = s.patchNames().get(0);
    Instant expired = NOW.minusSeconds(1);
    Instant soon = NOW.plusSeconds(3 * 86400 + 10);
    Instant later = NOW.plusSeconds(100 * 86400);
    assertEquals(
        List.of("2026-12-02, expired", "2026-12-05, in 3 days", "2027-03-12, in 100 days"),
        List.of(
            expiryCell(s, patch, expired, PackageInfo.UpdateStatus.none()),
            expiryCell(s, patch, soon, PackageInfo.UpdateStatus.none()),
            expiryCell(s, patch, later, PackageInfo.UpdateStatus.none())));
    Document d =
        render(
            LandingPage.builder(s)
                .packages(
                    Map.of(patch, pkg(expired, PackageInfo.UpdateStatus.unknown("no <cache>")))));
    assertEquals(
        List.of(Runbooks.url(Runbooks.EXPIRED), Runbooks.url(Runbooks.UPDATE_UNKNOWN)),
        d.select("#patches a.runbook").eachAttr("href"));
    assertEquals("unknown: no <cache>", d.select("#patch-table td").get(7).text());
  }

  @Test
  void withoutCommandLinesNoColumnAndNoText() {
    LivepatchState s = read("patching-stalled");
    String page = LandingPage.builder(s).commandLines(false).now(NOW).render();
    assertFalse(page.contains("/proc/klp_sleeper"), page);
    assertFalse(page.contains("dd if="), page);
    assertTrue(page.contains("klp_sleeper"), page);
  }

  private String expiryCell(
      LivepatchState s, String patch, Instant eos, PackageInfo.UpdateStatus update) {
    Document d = render(LandingPage.builder(s).packages(Map.of(patch, pkg(eos, update))));
    return d.select("#patch-table td").get(6).text();
  }

  private static PackageInfo pkg(Instant eos, PackageInfo.UpdateStatus update) {
    return new PackageInfo(
        "kernel-livepatch-x",
        "2",
        "1.1",
        "x86_64",
        List.of("CVE-2026-1"),
        List.of(),
        Optional.of(eos),
        Optional.of(update));
  }
}
