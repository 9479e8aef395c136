package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.livepatchexporter.kernel.ReadOptions;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.model.LivepatchState;
import io.github.livepatchexporter.model.Task;
import io.github.livepatchexporter.testutil.Bin;
import io.github.livepatchexporter.testutil.Chromium;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.HtmlChecker;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.Project;
import io.github.livepatchexporter.testutil.RpmRepo;
import io.github.livepatchexporter.testutil.Serve;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page at {@code /} as an on-call engineer's browser shows it: the real {@code serve} from
 * {@code bin/}, on fixture hosts; Debian's headless Chromium builds its DOM and takes a screenshot
 * of each scenario into {@code target/landing-page/}; the W3C's Nu Html Checker reads the markup as
 * served. What the page counts is checked against the reader's own state of the same tree.
 */
class LandingPageIT {
  private static final Path SHOTS = Project.dir().resolve("target/landing-page");

  @TempDir Path tmp;

  @BeforeAll
  static void packaged() {
    Bin.assertPackaged();
  }

  /** One scenario's page: the served HTML, Chromium's DOM of it, its address. */
  private record Page(String html, Document dom, String url) {
    String text(String css) {
      Element e = dom.selectFirst(css);
      if (e == null) {
        throw new AssertionError("no " + css + " in the page\n" + html);
      }
      return e.text();
    }
  }

  private Page open(String scenario, String... args) throws Exception {
    return openWhen(scenario, "", args);
  }

  /** The page once its HTML contains {@code awaited}: what a background lookup adds. */
  private Page openWhen(String scenario, String awaited, String... args) throws Exception {
    try (Serve s = new Serve(withLoopback(args))) {
      String url = s.awaitListening().replace("/metrics", "/");
      HttpResponse<String> r = new Http().get(url);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!r.body().contains(awaited)) {
        assertTrue(System.nanoTime() < deadline, "no " + awaited + " within 60 s\n" + s.output());
        Thread.sleep(200);
        r = new Http().get(url);
      }
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(
          "text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""), url);
      HtmlChecker.assertValid(scenario, r.body());
      Chromium chromium = new Chromium(tmp.resolve("chromium"));
      Document dom = Jsoup.parse(chromium.dom(url), url);
      Path png = SHOTS.resolve(scenario + ".png");
      chromium.screenshot(url, png);
      BufferedImage image = ImageIO.read(png.toFile());
      assertEquals(Chromium.WIDTH, image.getWidth(), png.toString());
      assertTrue(distinctColours(image) > 8, png + " shows a page, not a blank window");
      Page page = new Page(r.body(), dom, url);
      assertLinksAnswer(page);
      return page;
    }
  }

  private static String[] withLoopback(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("--web.listen-address=127.0.0.1:0");
    return a.toArray(String[]::new);
  }

  private static LivepatchState read(Path root) {
    return new StateReader(Fixtures.roots(root)).read(ReadOptions.ALL);
  }

  @Test
  void stalledTransition() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    LivepatchState state = read(root);
    long before = Instant.now().getEpochSecond();
    Page p = open("patching-stalled", Fixtures.on(root));
    String host = state.hostname().orElseThrow();
    String kernel = state.osRelease().orElseThrow();
    String title = p.dom.title();
    assertTrue(title.startsWith(host + " (" + kernel + "): transition in progress"), title);
    assertEquals(host, p.text("#host"));
    assertEquals(kernel, p.text("#kernel"));
    // Amber: the transition is younger than the stalled alert's 15 minutes (LandingPageTest: red).
    assertTrue(p.dom.selectFirst("#status").hasClass("warn"), p.html);
    List<Task> blockers = state.tasks().blockers();
    assertEquals(Integer.toString(blockers.size()), p.text("#count-blocking"));
    assertEquals(
        Long.toString(blockers.stream().mapToInt(Task::pid).distinct().count()),
        p.text("#count-processes"));
    assertEquals(
        Long.toString(blockers.stream().filter(t -> t.state() == 'D').count()),
        p.text("#count-uninterruptible"));
    assertEquals(
        Long.toString(blockers.stream().filter(Task::kernelThread).count()),
        p.text("#count-kernel"));
    assertEquals(Integer.toString(state.tasks().scanned()), p.text("#count-scanned"));
    // One row per blocking thread, D state first, each with its name, state and command line.
    List<Element> rows = p.dom.select("#blockers tbody tr");
    assertEquals(blockers.size(), rows.size(), p.html);
    assertEquals("D", rows.get(0).select("td").get(3).text(), p.html);
    for (Task t : blockers) {
      Element row =
          rows.stream()
              .filter(r -> r.select("td").get(1).text().equals(Integer.toString(t.tid())))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no row of tid " + t.tid() + "\n" + p.html));
      assertEquals(t.comm(), row.select("td").get(2).text());
      assertEquals(String.valueOf(t.state()), row.select("td").get(3).text());
      assertEquals(t.displayCommand(), row.select("td").get(5).text());
    }
    // The legend explains every state the table shows, and only those.
    Set<String> shown = blockers.stream().map(t -> String.valueOf(t.state())).collect(toSet());
    assertEquals(shown, p.dom.select("#legend dt").eachText().stream().collect(toSet()));
    // The start as an absolute time, seen by this exporter in this test.
    Instant since = Instant.parse(p.dom.selectFirst("#transition time").attr("datetime"));
    assertTrue(
        since.getEpochSecond() >= before - 1 && !since.isAfter(Instant.now()), since.toString());
    assertTrue(p.text("#transition").contains("first saw the transition"), p.html);
    assertTrue(runbooks(p).contains(Runbooks.url(Runbooks.STALLED)), p.html);
    assertTrue(runbooks(p).contains(Runbooks.url(Runbooks.UNINTERRUPTIBLE)), p.html);
    assertEquals("30", p.dom.selectFirst("meta[http-equiv=refresh]").attr("content"));
    assertTrue(p.dom.select("#demo").isEmpty(), p.html);
  }

  /** Command lines can hold secrets: with the option they are nowhere in what is served. */
  @Test
  void commandLinesLeftOut() throws Exception {
    Path root = Fixtures.copy("patching-stalled", tmp);
    LivepatchState state = read(root);
    Page p =
        open(
            "patching-stalled-hidden-command-lines",
            Fixtures.on(
                root,
                "--web.landing-page.hide-command-lines",
                "--web.landing-page.refresh-seconds=0"));
    assertEquals(
        List.of("pid", "tid", "name", "state", "kind"), p.dom.select("#blockers th").eachText());
    for (Task t : state.tasks().blockers()) {
      if (!t.cmdline().isEmpty()) {
        assertFalse(p.html.contains(Html.esc(t.displayCommand())), p.html);
      }
      assertTrue(p.text("#blockers").contains(t.comm()), p.html);
    }
    assertTrue(p.dom.select("meta[http-equiv=refresh]").isEmpty(), p.html);
  }

  @Test
  void readyHost() throws Exception {
    Path root = Fixtures.copy("one-enabled", tmp);
    Page p = open("one-enabled", Fixtures.on(root));
    assertTrue(p.dom.selectFirst("#status").hasClass("ok"), p.html);
    assertTrue(p.dom.title().startsWith("one-enabled ("), p.dom.title());
    assertTrue(p.text("#status").startsWith("Ready: no transition in progress; 1 patch"), p.html);
    assertTrue(p.dom.select("#transition, #blocking").isEmpty(), p.html);
    assertEquals(
        read(root).patchNames(), p.dom.select("#patch-table tbody tr td:first-child").eachText());
  }

  @Test
  void kernelWithoutLivePatching() throws Exception {
    Path root = Fixtures.copy("no-livepatch-support", tmp);
    Page p = open("no-livepatch-support", Fixtures.on(root));
    assertTrue(p.dom.selectFirst("#status").hasClass("none"), p.html);
    assertTrue(p.text("#status").contains("no live patching interface"), p.html);
  }

  @Test
  void kgraftTransition() throws Exception {
    Path root = Fixtures.copy("kgraft-legacy", tmp);
    Page p = open("kgraft-legacy", Fixtures.on(root));
    assertTrue(p.text("#transition").contains("kGraft"), p.html);
    assertEquals(Integer.toString(read(root).tasks().blockers().size()), p.text("#count-blocking"));
  }

  /** The demo says so in a banner, and its stalled phase's page is as valid as a real host's. */
  @Test
  void demo() throws Exception {
    Page p = openWhen("demo", "Transition in progress", "--demo", "--demo.step-seconds=2");
    assertTrue(p.text("#demo").contains("simulated host"), p.html);
    assertEquals("demo", p.text("#host"));
    assertFalse(p.dom.select("#blockers tbody tr").isEmpty(), p.html);
  }

  /** Per patch its package, end of support and update status, from real RPMs and zypper. */
  @Test
  void packageFacts() throws Exception {
    RpmRepo repo = RpmRepo.create(tmp, 2, 3);
    repo.publish(2);
    repo.publish(3);
    repo.install(2);
    repo.refresh();
    repo.lifecycle("kernel-livepatch-*-default,2,2027-06-30\n");
    Path host = PatchedHost.create(Files.createDirectories(tmp.resolve("host")), 2);
    Path config = tmp.resolve("config.yaml");
    Files.writeString(
        config,
        "collectors:\n  packages:\n    check_updates: true\n    refresh_interval_seconds: 1\n");
    // The lookup runs in the background after the first request: the page waits for its facts.
    Page p =
        openWhen("packages", RpmRepo.SLE15.nvra(2), repo.cliArgs(host, "--config.file=" + config));
    Element row = p.dom.selectFirst("#patch-table tbody tr");
    List<String> cells = row.select("td").eachText();
    assertEquals(RpmRepo.SLE15.module(2), cells.get(0), p.html);
    assertEquals(RpmRepo.SLE15.nvra(2), cells.get(5), p.html);
    assertTrue(cells.get(6).startsWith("2027-06-30, in "), cells.get(6));
    assertEquals(RpmRepo.SLE15.edition(3) + " available", cells.get(7), p.html);
    assertEquals("1", cells.get(8), p.html);
    assertTrue(runbooks(p).contains(Runbooks.url(Runbooks.UPDATE)), p.html);
  }

  /** The checker can fail: markup a browser would mend is an error. */
  @Test
  void theCheckerRejectsWhatABrowserMends() {
    String bad =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>t</title></head>"
            + "<body><table><p>x</p></table><a href=\"/\" href=\"/x\">y</a></body></html>\n";
    AssertionError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class, () -> HtmlChecker.assertValid("bad", bad));
    assertTrue(e.getMessage().contains("error: line 2"), e.getMessage());
  }

  /** Links into the server answer 200; every runbook link names a section of the runbook. */
  private static void assertLinksAnswer(Page p) throws Exception {
    Set<String> anchors = runbookAnchors();
    for (Element a : p.dom.select("a[href]")) {
      String href = a.attr("href");
      if (href.startsWith(Runbooks.BASE)) {
        String anchor = URI.create(href).getFragment();
        assertTrue(anchor == null || anchors.contains(anchor), href + " not in docs/runbook.md");
      } else {
        assertTrue(href.startsWith("/"), href);
        assertEquals(200, new Http().get(a.absUrl("href")).statusCode(), href);
      }
    }
    assertTrue(p.dom.select("a[href]").eachText().containsAll(List.of("Metrics", "Health")));
  }

  private static Set<String> runbooks(Page p) {
    return new TreeSet<>(p.dom.select("a.runbook").eachAttr("href"));
  }

  /** The anchors GitHub gives the runbook's headings. */
  private static Set<String> runbookAnchors() throws Exception {
    return Files.readAllLines(Project.dir().resolve("docs/runbook.md")).stream()
        .filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 -]", ""))
        .map(l -> l.replace(' ', '-'))
        .collect(toSet());
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new TreeSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  private static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(TreeSet::new);
  }
}
