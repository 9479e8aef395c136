import com.sun.net.httpserver.HttpServer;
import io.github.livepatchexporter.config.ExporterConfig;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.testutil.Alertmanager;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PatchedHost;
import io.github.livepatchexporter.testutil.RpmRepo;
import io.github.livepatchexporter.testutil.TestServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet benchmark, run by {@code bench/fleet}: a synthetic fleet history made of the
 * exporter's real output for each fixture scenario, loaded into Prometheus (promtool) and
 * VictoriaMetrics, with the fleet dashboard's queries and the rules timed on both and their
 * answers compared. Prints one Markdown table.
 */
public final class Fleet {
  static final Path PROJECT = Path.of("").toAbsolutePath();
  static final Path WORK = PROJECT.resolve("target/bench/fleet");
  static final Path TOOLS = PROJECT.resolve(".tools/usr/bin");
  static final String RELEASE = "6.1.0-28-amd64";
  static final String PKG_KERNEL = "6_1_0-28";

  /** Kernel releases of the fleet: name, its package's kernel part, end of support, share. */
  record Release(String name, String pkg, long endOfSupport, double share) {}

  final int interval;
  final boolean withVm;
  final List<String> sizes = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  final Map<String, List<Sample>> templates = new LinkedHashMap<>();
  final Table table = new Table();

  Fleet(String[] args) {
    int iv = 30;
    boolean vm = true;
    for (String a : args) {
      if (a.startsWith("--interval=")) {
        iv = Integer.parseInt(a.substring(11));
      } else if (a.equals("--no-vm")) {
        vm = false;
      } else if (a.matches("\\d+x\\d+[hd]")) {
        sizes.add(a);
      } else {
        throw new IllegalArgumentException(
            "usage: bench/fleet [--interval=SECONDS] [--no-vm] HOSTSxHOURSh|HOSTSxDAYSd...");
      }
    }
    if (sizes.isEmpty()) {
      sizes.addAll(List.of("100x7d", "1000x24h", "1000x3h", "10000x3h"));
    }
    interval = iv;
    withVm = vm;
  }

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    Fleet f = new Fleet(args);
    Runtime.getRuntime().addShutdownHook(new Thread(f::stopAll));
    try {
      f.run();
    } finally {
      f.stopAll();
    }
  }

  void run() throws Exception {
    System.out.println(machine());
    deleteTree(WORK);
    Files.createDirectories(WORK);
    captureTemplates();
    for (String s : sizes) {
      int hosts = Integer.parseInt(s.substring(0, s.indexOf('x')));
      String d = s.substring(s.indexOf('x') + 1);
      long seconds = Long.parseLong(d.substring(0, d.length() - 1)) * (d.endsWith("d") ? 86400 : 3600);
      runSize(hosts, seconds);
    }
    table.print();
    deleteTree(WORK);
  }

  // ---- 1. the exporter's real output per scenario ----

  /** One sample line of a scrape: name, labels without braces, value. */
  record Sample(String name, String labels, String value) {}

  void captureTemplates() throws Exception {
    Path fx = Files.createDirectories(WORK.resolve("fixtures"));
    for (String s : Fixtures.SCENARIOS) {
      Path root = Fixtures.copy(s, fx);
      try (TestServer t = TestServer.of(Fixtures.roots(root)).logLevel(Log.Level.error).start()) {
        templates.put(s, parse(new Http().get(t.url("/metrics")).body()));
      }
    }
    // Package facts: real RPMs of versions 1 to 3 (their changelogs name CVEs), all published,
    // each installed in turn, with lifecycle data; the packages collector looks them up.
    RpmRepo repo = RpmRepo.create(WORK.resolve("rpm"), 1, 2, 3);
    for (int v = 1; v <= 3; v++) {
      repo.publish(v);
    }
    repo.lifecycle("kernel-livepatch-*-default,*,2027-06-30\n");
    for (int v = 1; v <= 3; v++) {
      repo.install(v);
      Path host = PatchedHost.create(Files.createDirectories(WORK.resolve("host-" + v)), v);
      try (TestServer t =
          TestServer.of(repo.roots(host))
              .config(new ExporterConfig(5, 3600, true))
              .clock(Clock.systemUTC())
              .logLevel(Log.Level.error)
              .start()) {
        String want = "livepatch_patch_update_available{patch=\"livepatch_" + v + "_1_1\"}";
        String body = "";
        for (int i = 0; i < 600 && !body.contains(want); i++) {
          Thread.sleep(100);
          body = new Http().get(t.url("/metrics")).body();
        }
        check(body.contains(want), "no package facts for version " + v);
        templates.put("packages-" + v, parse(body));
      }
    }
  }

  static List<Sample> parse(String body) {
    List<Sample> out = new ArrayList<>();
    for (String l : body.split("\n")) {
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int sp = l.lastIndexOf(' ');
      int brace = l.indexOf('{');
      if (brace >= 0 && brace < sp) {
        int close = l.lastIndexOf('}');
        out.add(new Sample(l.substring(0, brace), l.substring(brace + 1, close), l.substring(sp + 1)));
      } else {
        out.add(new Sample(l.substring(0, sp), "", l.substring(sp + 1)));
      }
    }
    return out;
  }

  // ---- the fleet: hosts, releases, waves, transitions ----

  enum Kind {
    SLE,
    KGRAFT,
    UNSUPPORTED,
    UNPATCHED,
    OLD_KERNEL
  }

  /** What a host does over the period; its state at a time is a function of this plan. */
  static final class Host {
    int id;
    Kind kind;
    int release;
    long[] arrive = new long[4]; // first scrape that sees version v (2, 3); MAX: never
    long[] done = new long[4]; // when that transition completes
    String[] trans = new String[4]; // the scenario shown while it runs
    long downFrom = Long.MAX_VALUE;
    long downTo;
    long repoPhase;
    boolean stale;
    byte[] instance;
    String key;
    byte[][] rendered;
    int[] dynamic;
  }

  final class Model {
    final int hosts;
    final long start;
    final long end;
    final Release[] releases;
    final long[][] released; // per release, when version v became available
    final Host[] fleet;
    long samples;

    Model(int hosts, long start, long end) {
      this.hosts = hosts;
      this.start = start;
      this.end = end;
      long now = end;
      releases =
          new Release[] {
            new Release("6.4.0-150600.23.25-default", "6_4_0-150600_23_25", 1814313600, 0.45),
            new Release("6.4.0-150600.23.30-default", "6_4_0-150600_23_30", now + 10 * 86400, 0.25),
            new Release("5.14.21-150500.55.65-default", "5_14_21-150500_55_65", now - 3 * 86400, 0.05),
            new Release(RELEASE, PKG_KERNEL, 1829174400, 0.25)
          };
      long period = end - start;
      released = new long[releases.length][4];
      for (int r = 0; r < releases.length; r++) {
        released[r][1] = start - 30 * 86400L;
        released[r][2] = start + (long) (period * (0.20 + 0.03 * r));
        released[r][3] = start + (long) (period * (0.60 + 0.03 * r));
      }
      Random rnd = new Random(21);
      fleet = new Host[hosts];
      for (int i = 0; i < hosts; i++) {
        Host h = new Host();
        h.id = i;
        h.instance =
            String.format(",instance=\"host-%05d.example.org:9977\",job=\"livepatch\"}", i)
                .getBytes(StandardCharsets.UTF_8);
        double k = rnd.nextDouble();
        h.kind =
            k < 0.90
                ? Kind.SLE
                : k < 0.92 ? Kind.KGRAFT : k < 0.95 ? Kind.UNSUPPORTED : k < 0.98 ? Kind.UNPATCHED : Kind.OLD_KERNEL;
        double r = rnd.nextDouble();
        int rel = 0;
        for (double acc = releases[0].share; r > acc && rel < releases.length - 1; ) {
          acc += releases[++rel].share;
        }
        h.release = rel;
        double drift = rnd.nextDouble();
        // A rollout in ten batches over a tenth of the period (at most two hours).
        long spread = Math.min(7200, period / 10);
        for (int v = 2; v <= 3; v++) {
          h.arrive[v] = Long.MAX_VALUE;
          h.done[v] = Long.MAX_VALUE;
          boolean skip = (v == 3 && drift < 0.04) || drift < 0.01;
          if (skip || h.kind != Kind.SLE) {
            continue;
          }
          long at = released[rel][v] + (i % 10) * spread / 10 + rnd.nextInt(60);
          long seen = ((at + interval - 1) / interval) * interval;
          double d = rnd.nextDouble();
          long duration;
          if (d < 0.80) {
            duration = 1 + rnd.nextInt(20);
            h.trans[v] = "idle-blocked";
          } else if (d < 0.95) {
            duration = 60 + rnd.nextInt(1800);
            h.trans[v] = "reversed-transition";
          } else {
            duration = 3600 + rnd.nextInt(7 * 3600);
            h.trans[v] = "patching-stalled";
          }
          h.arrive[v] = seen;
          h.done[v] = at + duration;
        }
        if (rnd.nextDouble() < 0.005) {
          h.downFrom = start + (long) (rnd.nextDouble() * period);
          h.downTo = h.downFrom + 1200;
        }
        h.repoPhase = rnd.nextInt(86400);
        h.stale = rnd.nextDouble() < 0.02;
        fleet[i] = h;
      }
    }

    int latest(int release, long t) {
      return t >= released[release][3] ? 3 : t >= released[release][2] ? 2 : 1;
    }

    /** Writes every host's samples at {@code t}, each line ending in {@code suffix}. */
    void write(OutputStream out, long t, byte[] suffix) throws IOException {
      for (Host h : fleet) {
        boolean down = t >= h.downFrom && t < h.downTo;
        out.write(UP);
        out.write(h.instance, 1, h.instance.length - 1);
        out.write(down ? ZERO : ONE);
        out.write(suffix);
        samples++;
        if (down) {
          continue;
        }
        String scenario;
        int version = 1;
        long transStart = 0;
        switch (h.kind) {
          case KGRAFT -> scenario = "kgraft-legacy";
          case UNSUPPORTED -> scenario = "no-livepatch-support";
          case UNPATCHED -> scenario = "none-loaded";
          case OLD_KERNEL -> scenario = "old-kernel-no-transition-file";
          default -> {
            scenario = null;
            for (int v = 2; v <= 3; v++) {
              if (t >= h.arrive[v]) {
                if (t < h.done[v]) {
                  scenario = h.trans[v];
                  transStart = h.arrive[v];
                }
                version = v;
              }
            }
            if (scenario == null) {
              scenario = "packages-" + version;
            }
          }
        }
        String key = scenario + version;
        if (!key.equals(h.key)) {
          render(h, scenario, version);
          h.key = key;
        }
        List<Sample> tpl = templates.get(scenario);
        for (int j = 0; j < h.rendered.length; j++) {
          out.write(h.rendered[j]);
          if (h.dynamic[j] != 0) {
            out.write(value(h, tpl.get(j), h.dynamic[j], t, version, transStart));
          }
          out.write(suffix);
        }
        samples += h.rendered.length;
      }
    }

    /** Labels rewritten for this host: its release, its patch version, instance and job. */
    void render(Host h, String scenario, int version) {
      List<Sample> tpl = templates.get(scenario);
      Release rel = releases[h.release];
      h.rendered = new byte[tpl.size()][];
      h.dynamic = new int[tpl.size()];
      String patch = "livepatch_" + version + "_1_1";
      for (int j = 0; j < tpl.size(); j++) {
        Sample s = tpl.get(j);
        String labels = s.labels;
        if (h.kind == Kind.SLE) {
          labels =
              labels
                  .replace("livepatch_sleeper_2_1_1", patch)
                  .replace("livepatch_1_1_1", patch)
                  .replace(RELEASE, rel.name)
                  .replace(PKG_KERNEL, rel.pkg);
        }
        byte[] prefix = (s.name + "{" + labels).getBytes(StandardCharsets.UTF_8);
        byte[] tail = labels.isEmpty() ? Arrays.copyOfRange(h.instance, 1, h.instance.length) : h.instance;
        int dyn = dynamicKind(s);
        byte[] val = dyn != 0 ? new byte[0] : (" " + s.value).getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[prefix.length + tail.length + val.length];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(tail, 0, line, prefix.length, tail.length);
        System.arraycopy(val, 0, line, prefix.length + tail.length, val.length);
        h.rendered[j] = line;
        h.dynamic[j] = dyn;
      }
    }

    byte[] value(Host h, Sample s, int kind, long t, int version, long transStart) {
      double v =
          switch (kind) {
            case 1 -> transStart;
            case 2 -> t - Math.floorMod(t - h.repoPhase, 3600);
            case 3 -> h.stale ? start - 9 * 86400 : t - Math.floorMod(t - h.repoPhase, 86400);
            case 4 -> releases[h.release].endOfSupport;
            case 5 -> version < latest(h.release, t) ? 1 : 0;
            case 6 -> Double.parseDouble(s.value) * (0.5 + ((h.id * 31 + t * 7 + s.labels.hashCode()) & 1023) / 1024.0);
            case 7 -> walks(h, t);
            default -> throw new IllegalStateException();
          };
      return (" " + (kind == 6 ? Double.toString(v) : Long.toString((long) v))).getBytes(StandardCharsets.UTF_8);
    }

    long walks(Host h, long t) {
      long n = 0;
      for (int v = 2; v <= 3; v++) {
        if (t >= h.arrive[v] && h.done[v] > h.arrive[v]) {
          n += (Math.min(t, h.done[v]) - h.arrive[v]) / interval + 1;
        }
      }
      return n;
    }
  }

  static final byte[] UP = "up{".getBytes(StandardCharsets.UTF_8);
  static final byte[] ONE = " 1".getBytes(StandardCharsets.UTF_8);
  static final byte[] ZERO = " 0".getBytes(StandardCharsets.UTF_8);

  /** Which samples change with time (0: none): see {@link Model#value}. */
  static int dynamicKind(Sample s) {
    boolean zero = s.value.equals("0.0");
    return switch (s.name) {
      case "livepatch_transition_start_timestamp_seconds" -> zero ? 0 : 1;
      case "livepatch_packages_refresh_timestamp_seconds" -> zero ? 0 : 2;
      case "livepatch_packages_repository_refresh_timestamp_seconds" -> 3;
      case "livepatch_patch_expiry_timestamp_seconds" -> 4;
      case "livepatch_patch_update_available" -> 5;
      case "livepatch_scrape_collector_duration_seconds" -> 6;
      case "livepatch_proc_walks_total" -> 7;
      default -> 0;
    };
  }

  // ---- 2-5. one size: generate, load, measure ----

  void runSize(int hosts, long period) throws Exception {
    String col = String.format("%,d hosts × %s", hosts, human(period));
    Path dir = Files.createDirectories(WORK.resolve(hosts + "x" + period));
    long end = Instant.now().getEpochSecond() / interval * interval;
    long start = end - period;
    Model model = new Model(hosts, start, end);
    long steps = period / interval + 1;

    // The live part: after the history, Prometheus and VictoriaMetrics scrape the same model.
    HttpServer live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    live.createContext(
        "/metrics",
        ex -> {
          long now = Instant.now().getEpochSecond();
          ex.sendResponseHeaders(200, 0);
          try (OutputStream o = new BufferedOutputStream(ex.getResponseBody(), 1 << 20)) {
            synchronized (model) {
              model.write(o, now, NL);
            }
          }
        });
    live.start();
    try {
      // promtool reads a whole file into memory and parses it once per two-hour block, so the
      // history goes to it in pieces of at most CHUNK bytes, each cut at a scrape and at a
      // two-hour boundary: memory stays bounded and each piece is parsed about once. A second
      // thread converts one piece while the next is written.
      Path blocks = Files.createDirectories(dir.resolve("prometheus"));
      java.util.concurrent.ExecutorService promtool = java.util.concurrent.Executors.newSingleThreadExecutor();
      java.util.concurrent.Future<?> pending = null;
      long written = 0;
      long omBytes = 0;
      double gen = 0;
      int piece = 0;
      long t0 = System.nanoTime();
      for (long t = start; t <= end; ) {
        Path om = dir.resolve("fleet-" + piece++ + ".om");
        long g0 = System.nanoTime();
        CountingStream counted = new CountingStream(new BufferedOutputStream(Files.newOutputStream(om), 1 << 20));
        try (OutputStream o = counted) {
          do {
            model.write(o, t, (" " + t + "\n").getBytes(StandardCharsets.UTF_8));
            t += interval;
          } while (t <= end && counted.count < CHUNK && t % 7200 != 0);
          o.write("# EOF\n".getBytes(StandardCharsets.UTF_8));
        }
        gen += secs(g0);
        omBytes += counted.count;
        if (pending != null) {
          pending.get();
        }
        pending = promtool.submit(() -> {
          try {
            exec(List.of(tool("promtool"), "tsdb", "create-blocks-from", "openmetrics", "-q", om.toString(), blocks.toString()));
            Files.delete(om);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return null;
        });
      }
      pending.get();
      promtool.shutdown();
      double load = secs(t0);
      long samples = model.samples;
      table.put("samples written (OpenMetrics, " + interval + " s)", col, String.format("%,d (%s in %d pieces)", samples, bytes(omBytes), piece), "");
      table.put("generator, samples/s", col, rate(samples, gen), "");
      table.put("ingest, samples/s", col, "promtool " + rate(samples, load) + " (generator overlapped)", "");
      long histBytes = du(blocks);

      Path config = prometheusConfig(dir, live.getAddress().getPort(), hosts);
      int port = freePort();
      Process prom = startPrometheus(dir, blocks, config, port, false);
      String url = "http://127.0.0.1:" + port;
      t0 = System.nanoTime();
      Path ruleBlocks = dir.resolve("rule-blocks");
      exec(List.of(tool("promtool"), "tsdb", "create-blocks-from", "rules", "-q", "--start=" + start, "--end=" + end,
          "--url=" + url, "--output-dir=" + ruleBlocks, WORK.resolve("rules.yaml").toString()));
      double rulesBackfill = secs(t0);
      stop(prom);
      long ruleBytes = du(ruleBlocks);
      try (var l = Files.list(ruleBlocks)) {
        for (Path b : l.toList()) {
          Files.move(b, blocks.resolve(b.getFileName()));
        }
      }
      table.put("rules backfilled over the period", col, "promtool " + fmt(rulesBackfill) + " s", "");
      prom = startPrometheus(dir, blocks, config, port, true);
      Thread.sleep(35_000); // a scrape of the live fleet and a few rule evaluations

      double days = period / 86400.0;
      table.put("TSDB bytes per host per day", col,
          String.format("%,.0f (blocks %s + rules %s)", (histBytes + ruleBytes) / hosts / days, bytes(histBytes), bytes(ruleBytes)), "");
      Map<String, Object> tsdb = json(get(url + "/api/v1/status/tsdb"));
      Object headSeries = ((Map<?, ?>) ((Map<?, ?>) tsdb.get("data")).get("headStats")).get("numSeries");
      Engine p = new Engine("Prometheus", url, prom, end);
      Map<String, Answer> promAnswers = measure(p, col, hosts, period, true, headSeries);
      ruleTimesPrometheus(url, col);
      table.put("resident memory (VmRSS, peak VmHWM)", col, memory(prom), "");
      long compacted = du(blocks) - du(blocks.resolve("wal")) - du(blocks.resolve("chunks_head"));
      table.put("blocks on disk at the end (after Prometheus' own compaction)", col, bytes(compacted), "");
      stop(prom);
      deleteTree(blocks);

      if (withVm) {
        runVm(model, dir, col, hosts, period, config, promAnswers, samples, steps);
      }
    } finally {
      live.stop(0);
    }
  }

  static final byte[] NL = "\n".getBytes(StandardCharsets.UTF_8);

  /** The most OpenMetrics text promtool gets at once (it holds the whole file in memory). */
  static final long CHUNK = 1L << 30;

  /** Counts what goes through it. */
  static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  void runVm(Model model, Path dir, String col, int hosts, long period, Path config,
      Map<String, Answer> promAnswers, long samples, long steps) throws Exception {
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    Path data = dir.resolve("victoria-metrics");
    Process vm = start(dir.resolve("victoria-metrics.log"), List.of(tool("victoria-metrics"),
        "-storageDataPath=" + data, "-httpListenAddr=127.0.0.1:" + port, "-retentionPeriod=1",
        "-promscrape.config=" + config, "-promscrape.config.strictParse=false",
        "-search.maxUniqueTimeseries=10000000",
        "-search.maxSeries=10000000", "-search.maxSamplesPerQuery=10000000000",
        "-search.maxQueryDuration=300s", "-loggerLevel=WARN",
        // PromQL's semantics where MetricsQL's defaults differ: a five-minute lookback (not one
        // derived from the scrape interval) and the newest samples visible at once.
        "-search.maxLookback=5m", "-search.latencyOffset=0s", "-search.disableCache"));
    awaitReady(url + "/health", vm);
    long before = model.samples;
    long t0 = System.nanoTime();
    HttpURLConnection c = (HttpURLConnection) URI.create(url + "/api/v1/import/prometheus").toURL().openConnection();
    c.setDoOutput(true);
    c.setRequestMethod("POST");
    c.setChunkedStreamingMode(1 << 20);
    synchronized (model) {
      try (OutputStream o = new BufferedOutputStream(c.getOutputStream(), 1 << 20)) {
        for (long t = model.start; t <= model.end; t += interval) {
          model.write(o, t, (" " + t * 1000 + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    check(c.getResponseCode() == 204 || c.getResponseCode() == 200, "import failed: " + c.getResponseCode());
    get(url + "/internal/force_flush");
    double load = secs(t0);
    table.put("ingest, samples/s", col, null, "import API " + rate(model.samples - before, load) + " (generator included)");
    long vmBytes = du(data);

    // Recording rules over the period: vmalert's replay, as promtool backfilled Prometheus.
    t0 = System.nanoTime();
    exec(List.of(tool("vmalert"), "-rule=" + WORK.resolve("rules.yaml"), "-datasource.url=" + url,
        "-remoteWrite.url=" + url, "-replay.timeFrom=" + Instant.ofEpochSecond(model.start),
        "-replay.timeTo=" + Instant.ofEpochSecond(model.end), "-evaluationInterval=60s",
        "-replay.rulesDelay=0s", "-loggerLevel=WARN"));
    table.put("rules backfilled over the period", col, null, "vmalert replay " + fmt(secs(t0)) + " s");
    get(url + "/internal/force_flush");
    int aport = freePort();
    // Debian's vmalert has no -notifier.blackhole: its alerts go to a real Alertmanager.
    Alertmanager am = Alertmanager.start(Files.createDirectories(dir.resolve("alertmanager")),
        "route:\n  receiver: none\nreceivers:\n  - name: none\n");
    Process alert = start(dir.resolve("vmalert.log"), List.of(tool("vmalert"),
        "-rule=" + WORK.resolve("rules.yaml"), "-rule=" + WORK.resolve("alerts.yaml"),
        "-datasource.url=" + url, "-remoteWrite.url=" + url, "-evaluationInterval=10s",
        "-notifier.url=" + am.url(""), "-httpListenAddr=127.0.0.1:" + aport, "-loggerLevel=WARN"));
    awaitReady("http://127.0.0.1:" + aport + "/health", alert);
    Thread.sleep(35_000);
    get(url + "/internal/force_flush");
    long all = du(data);
    table.put("TSDB bytes per host per day", col, null,
        String.format("%,.0f (all data %s)", vmBytes / (double) hosts / (period / 86400.0), bytes(all)));
    Engine e = new Engine("VictoriaMetrics", url, vm, model.end);
    measure(e, col, hosts, period, false, promAnswers);
    String metrics = get("http://127.0.0.1:" + aport + "/metrics");
    Map<String, double[]> groups = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^vmalert_iteration_duration_seconds_(sum|count)\\{[^}]*group=\"([^\"]+)\"[^}]*\\} (\\S+)$").matcher(metrics);
    while (m.find()) {
      groups.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(3));
    }
    for (var g : groups.entrySet()) {
      double[] sc = g.getValue();
      table.put("rule group " + g.getKey() + ", evaluation (mean)", col, null,
          fmt(sc[0] / sc[1] * 1000) + " ms (vmalert, " + (long) sc[1] + " runs)");
    }
    table.put("resident memory (VmRSS, peak VmHWM)", col, null, memory(vm) + "; vmalert " + memory(alert));
    stop(alert);
    am.close();
    stop(vm);
    deleteTree(data);
  }

  // ---- queries ----

  record Engine(String name, String url, Process process, long end) {}

  /** One answer: series (sorted labels) to their points. */
  record Answer(Map<String, TreeMap<Long, Double>> series) {}

  Map<String, Answer> measure(Engine e, String col, int hosts, long period, boolean prom, Object extra) throws Exception {
    Map<String, Answer> answers = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    Map<String, Answer> other = prom ? Map.of() : (Map<String, Answer>) extra;
    String nocache = prom ? "" : "&nocache=1";
    // Series per host, at the end of the history and over all of it (churn included).
    String instant = "count({job=\"livepatch\"})";
    Answer a = answer(json(get(e.url + "/api/v1/query?query=" + enc(instant) + "&time=" + e.end + nocache)), e.end);
    double at = a.series.values().stream().findFirst().map(s -> s.lastEntry().getValue()).orElse(0.0);
    String total = "count(last_over_time({job=\"livepatch\"}[" + period + "s]))";
    long t0 = System.nanoTime();
    Answer b = answer(json(get(e.url + "/api/v1/query?query=" + enc(total) + "&time=" + e.end + nocache)), e.end);
    double took = secs(t0);
    double over = b.series.values().stream().findFirst().map(s -> s.lastEntry().getValue()).orElse(0.0);
    String cell = String.format("%.1f at the end, %.1f over the period", at / hosts, over / hosts);
    if (prom) {
      cell += String.format(" (head now: %s series)", extra);
    }
    table.put("series per host", col, prom ? cell : null, prom ? "" : cell);
    table.put("`" + total.replace(period + "s", "period") + "`", col, prom ? ms(took) : null, prom ? "" : ms(took));

    // The dashboard, as Grafana sends it: variables at their all value.
    List<long[]> ranges = new ArrayList<>();
    for (long r : new long[] {6 * 3600, 24 * 3600, 7 * 86400}) {
      if (r <= period) {
        ranges.add(new long[] {r});
      }
    }
    if (ranges.isEmpty() || ranges.get(ranges.size() - 1)[0] < Math.min(period, 7 * 86400)) {
      ranges.add(new long[] {Math.min(period, 7 * 86400)});
    }
    Map<String, Object> dash = json(Files.readString(PROJECT.resolve("grafana/livepatch-fleet.json")));
    for (Object po : (List<?>) dash.get("panels")) {
      Map<?, ?> panel = (Map<?, ?>) po;
      if (!(panel.get("targets") instanceof List<?> targets)) {
        continue;
      }
      for (Object to : targets) {
        Map<?, ?> target = (Map<?, ?>) to;
        String expr = ((String) target.get("expr")).replace("$job", ".+").replace("$instance", ".+");
        String ref = ((Number) panel.get("id")).intValue() + "" + target.get("refId");
        String name = "panel " + ref + " " + panel.get("title");
        if (Boolean.TRUE.equals(target.get("instant"))) {
          String q = e.url + "/api/v1/query?query=" + enc(expr) + "&time=" + e.end + nocache;
          timed(e, name + ", instant", col, q, e.end, answers, other, prom);
        } else {
          for (long[] r : ranges) {
            long step = Math.max(interval, grafanaStep(r[0] * 1000) / 1000);
            long end = e.end / step * step;
            long start = (e.end - r[0]) / step * step;
            String q = e.url + "/api/v1/query_range?query=" + enc(expr) + "&start=" + start + "&end=" + end + "&step=" + step + nocache;
            timed(e, name + ", " + human(r[0]) + " (step " + step + " s)", col, q, end, answers, other, prom);
            String raw = RAW.get(ref);
            if (raw != null) {
              q = e.url + "/api/v1/query_range?query=" + enc(raw) + "&start=" + start + "&end=" + end + "&step=" + step + nocache;
              timed(e, name + ", " + human(r[0]) + ", from the raw series", col, q, end, answers, other, prom);
            }
          }
        }
      }
    }
    return answers;
  }

  /**
   * The range panels read recorded series, which each engine has from its own backfill (promtool,
   * vmalert's replay) at its own evaluation times. The same panels computed from the exporters'
   * series tell apart what the engines answer from when their rules were evaluated.
   */
  static final Map<String, String> RAW =
      Map.of(
          "5A", "count(livepatch_transition_in_progress == 1) or vector(0)",
          "5B",
          "sum((time() - livepatch_transition_start_timestamp_seconds > bool 15 * 60)"
              + " * on (job, instance) livepatch_transition_in_progress)",
          "11A", "sum by (state, kind) (livepatch_transition_blocking_threads) > 0");

  void timed(Engine e, String name, String col, String q, long time, Map<String, Answer> answers,
      Map<String, Answer> other, boolean prom) throws Exception {
    double[] t = new double[3];
    String body = null;
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      body = get(q);
      t[i] = secs(t0);
    }
    Arrays.sort(t);
    Answer a = answer(json(body), time);
    answers.put(name, a);
    String cell = ms(t[1]) + ", " + a.series.size() + " series";
    if (!prom && other.containsKey(name)) {
      cell += ", " + compare(other.get(name), a);
    }
    table.put(name, col, prom ? cell : null, prom ? "" : cell);
  }

  static String compare(Answer p, Answer v) {
    int onlyP = 0;
    int onlyV = 0;
    int points = 0;
    int differ = 0;
    int missing = 0;
    for (var s : p.series.entrySet()) {
      TreeMap<Long, Double> w = v.series.get(s.getKey());
      if (w == null) {
        onlyP++;
        continue;
      }
      for (var pt : s.getValue().entrySet()) {
        Double x = w.get(pt.getKey());
        points++;
        if (x == null) {
          missing++;
        } else if (Math.abs(x - pt.getValue()) > 1e-6 * Math.max(1, Math.abs(pt.getValue()))) {
          differ++;
        }
      }
      missing += (int) w.keySet().stream().filter(k -> !s.getValue().containsKey(k)).count();
    }
    for (String k : v.series.keySet()) {
      if (!p.series.containsKey(k)) {
        onlyV++;
      }
    }
    if (onlyP + onlyV + differ + missing == 0) {
      return "same";
    }
    List<String> why = new ArrayList<>();
    if (onlyP + onlyV > 0) {
      why.add("series only in P/VM: " + onlyP + "/" + onlyV);
    }
    if (differ + missing > 0) {
      why.add((differ + missing) + " of " + points + " points differ or lack");
    }
    return String.join(", ", why);
  }

  /** Grafana's interval for a range over ~1,000 pixels (rangeutil.RoundInterval), in ms. */
  static long grafanaStep(long rangeMs) {
    long iv = rangeMs / 1000;
    long[][] t = {
      {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1500, 1000},
      {3500, 2000}, {7500, 5000}, {12500, 10000}, {17500, 15000}, {25000, 20000},
      {45000, 30000}, {90000, 60000}, {210000, 120000}, {450000, 300000}, {750000, 600000},
      {1050000, 900000}, {1500000, 1200000}, {2700000, 1800000}, {5400000, 3600000},
      {9000000, 7200000}, {16200000, 10800000}, {32400000, 21600000}, {86400000, 43200000}
    };
    for (long[] r : t) {
      if (iv <= r[0]) {
        return r[1];
      }
    }
    return 86400000;
  }

  static Answer answer(Map<String, Object> j, long time) {
    check("success".equals(j.get("status")), "query failed: " + j);
    Map<?, ?> data = (Map<?, ?>) j.get("data");
    Map<String, TreeMap<Long, Double>> out = new TreeMap<>();
    if ("scalar".equals(data.get("resultType"))) {
      List<?> v = (List<?>) data.get("result");
      out.computeIfAbsent("scalar", k -> new TreeMap<>()).put(time, Double.parseDouble((String) v.get(1)));
      return new Answer(out);
    }
    for (Object ro : (List<?>) data.get("result")) {
      Map<?, ?> r = (Map<?, ?>) ro;
      String key = new TreeMap<>((Map<?, ?>) r.get("metric")).toString();
      TreeMap<Long, Double> pts = out.computeIfAbsent(key, k -> new TreeMap<>());
      List<?> values = r.containsKey("values") ? (List<?>) r.get("values") : List.of(r.get("value"));
      for (Object vo : values) {
        List<?> v = (List<?>) vo;
        pts.put(Math.round(((Number) v.get(0)).doubleValue()), Double.parseDouble((String) v.get(1)));
      }
    }
    return new Answer(out);
  }

  void ruleTimesPrometheus(String url, String col) throws Exception {
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, String> last = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      Map<?, ?> data = (Map<?, ?>) json(get(url + "/api/v1/rules")).get("data");
      for (Object go : (List<?>) data.get("groups")) {
        Map<?, ?> g = (Map<?, ?>) go;
        String when = (String) g.get("lastEvaluation");
        String name = (String) g.get("name");
        if (!when.equals(last.get(name))) {
          last.put(name, when);
          times.computeIfAbsent(name, k -> new ArrayList<>()).add(((Number) g.get("evaluationTime")).doubleValue());
        }
      }
      Thread.sleep(10_000);
    }
    for (var e : times.entrySet()) {
      double mean = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      table.put("rule group " + e.getKey() + ", evaluation (mean)", col,
          fmt(mean * 1000) + " ms (" + e.getValue().size() + " runs)", "");
    }
  }

  // ---- Prometheus ----

  Path prometheusConfig(Path dir, int livePort, int hosts) throws IOException {
    for (String f : List.of("rules.yaml", "alerts.yaml")) {
      Files.copy(PROJECT.resolve("alerts").resolve(f), WORK.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    StringBuilder c = new StringBuilder();
    c.append("global:\n  scrape_interval: ").append(interval).append("s\n  scrape_timeout: 25s\n")
        .append("  evaluation_interval: 10s\n")
        .append("scrape_configs:\n  - job_name: fleet\n    honor_labels: true\n    static_configs:\n")
        .append("      - targets: ['127.0.0.1:").append(livePort).append("']\n");
    Path p = dir.resolve("scrape.yml");
    Files.writeString(p, c.toString());
    return p;
  }

  Process startPrometheus(Path dir, Path data, Path scrape, int port, boolean rules) throws Exception {
    String cfg = Files.readString(scrape);
    if (rules) {
      cfg += "rule_files:\n  - " + WORK.resolve("rules.yaml") + "\n  - " + WORK.resolve("alerts.yaml") + "\n";
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, cfg);
    Process p = start(dir.resolve("prometheus.log"), List.of(tool("prometheus"), "--config.file=" + config,
        "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=30d",
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn",
        "--query.max-samples=2000000000", "--query.timeout=5m"));
    awaitReady("http://127.0.0.1:" + port + "/-/ready", p);
    return p;
  }

  // ---- processes and HTTP ----

  static String tool(String name) {
    Path p = TOOLS.resolve(name);
    check(Files.isExecutable(p), name + " not found in .tools: run scripts/install-test-tools.sh");
    return p.toString();
  }

  Process start(Path log, List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
    processes.remove(p);
  }

  void stopAll() {
    for (Process p : new ArrayList<>(processes)) {
      try {
        stop(p);
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  static void exec(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    check(p.waitFor() == 0, Path.of(argv.get(0)).getFileName() + " failed: " + out.strip());
  }

  static void awaitReady(String url, Process p) throws Exception {
    for (int i = 0; i < 1200; i++) {
      check(p.isAlive(), url + ": the server exited (see its log in target/bench/fleet/)");
      try {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(url + " not ready after 5 minutes");
  }

  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static String get(String url) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    check(r.statusCode() / 100 == 2, url + ": HTTP " + r.statusCode() + ": " + r.body());
    return r.body();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String memory(Process p) throws IOException {
    String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
    return String.format("%.0f MiB (peak %.0f)", kib(status, "VmRSS") / 1024.0, kib(status, "VmHWM") / 1024.0);
  }

  static long kib(String status, String field) {
    Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(status);
    check(m.find(), "no " + field);
    return Long.parseLong(m.group(1));
  }

  static long du(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (var w = Files.walk(dir)) {
      return w.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  // ---- the table ----

  /** Rows of measures, a Prometheus and a VictoriaMetrics column per size. */
  static final class Table {
    final List<String> cols = new ArrayList<>();
    final Map<String, Map<String, String[]>> rows = new LinkedHashMap<>();

    void put(String row, String col, String prom, String vm) {
      if (!cols.contains(col)) {
        cols.add(col);
      }
      String[] cell = rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).computeIfAbsent(col, k -> new String[] {"", ""});
      if (prom != null) {
        cell[0] = prom;
      }
      if (vm != null && !vm.isEmpty()) {
        cell[1] = vm;
      }
    }

    void print() {
      StringBuilder h = new StringBuilder("| measure |");
      StringBuilder s = new StringBuilder("|---|");
      for (String c : cols) {
        h.append(' ').append(c).append(", Prometheus | ").append(c).append(", VictoriaMetrics |");
        s.append("---:|---:|");
      }
      System.out.println();
      System.out.println(h);
      System.out.println(s);
      for (var r : rows.entrySet()) {
        StringBuilder b = new StringBuilder("| ").append(r.getKey().replace("|", "\\|")).append(" |");
        for (String c : cols) {
          String[] cell = r.getValue().getOrDefault(c, new String[] {"", ""});
          b.append(' ').append(cell[0]).append(" | ").append(cell[1]).append(" |");
        }
        System.out.println(b);
      }
    }
  }

  // ---- small helpers ----

  static String machine() throws Exception {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    return String.format("machine: %d cores (%s), %s, kernel %s, Java %s, load average %s",
        Runtime.getRuntime().availableProcessors(), cpu,
        kib(Files.readString(Path.of("/proc/meminfo")), "MemTotal") / 1024 / 1024 + " GiB",
        Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(),
        System.getProperty("java.version"),
        Files.readString(Path.of("/proc/loadavg")).substring(0, 14).trim());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static String rate(long n, double s) {
    return String.format("%,.0f (%.0f s)", n / s, s);
  }

  static String ms(double s) {
    return fmt(s * 1000) + " ms";
  }

  static String human(long s) {
    return s % 86400 == 0 ? s / 86400 + " d" : s % 3600 == 0 ? s / 3600 + " h" : s + " s";
  }

  static String bytes(long b) {
    return b >= 1 << 30 ? String.format("%.1f GiB", b / 1073741824.0) : String.format("%.0f MiB", b / 1048576.0);
  }

  static String fmt(double v) {
    return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  // ---- a small JSON reader (answers of the query APIs, the dashboard) ----

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String s) {
    return (Map<String, Object>) new Json(s).value();
  }

  static final class Json {
    final String s;
    int i;

    Json(String s) {
      this.s = s;
    }

    Object value() {
      ws();
      char c = s.charAt(i);
      switch (c) {
        case '{' -> {
          Map<String, Object> m = new LinkedHashMap<>();
          i++;
          ws();
          if (s.charAt(i) == '}') {
            i++;
            return m;
          }
          while (true) {
            ws();
            String k = string();
            ws();
            i++; // :
            m.put(k, value());
            ws();
            if (s.charAt(i++) == '}') {
              return m;
            }
          }
        }
        case '[' -> {
          List<Object> l = new ArrayList<>();
          i++;
          ws();
          if (s.charAt(i) == ']') {
            i++;
            return l;
          }
          while (true) {
            l.add(value());
            ws();
            if (s.charAt(i++) == ']') {
              return l;
            }
          }
        }
        case '"' -> {
          return string();
        }
        case 't' -> {
          i += 4;
          return Boolean.TRUE;
        }
        case 'f' -> {
          i += 5;
          return Boolean.FALSE;
        }
        case 'n' -> {
          i += 4;
          return null;
        }
        default -> {
          int b = i;
          while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
          }
          return Double.parseDouble(s.substring(b, i));
        }
      }
    }

    String string() {
      StringBuilder b = new StringBuilder();
      i++;
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(c);
        }
      }
    }

    void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
