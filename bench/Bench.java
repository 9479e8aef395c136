import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.kernel.Roots;
import io.github.livepatchexporter.kernel.StateReader;
import io.github.livepatchexporter.testutil.BigTree;
import io.github.livepatchexporter.testutil.Serve;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks of livepatch_exporter, run by {@code bench/run}: the cost of a scrape and of the
 * command line on big generated hosts, side by side with baselines measured on the same trees in
 * the same run. Prints a Markdown table; ratios, not absolute times, are what to compare between
 * runs.
 */
public final class Bench {
  /** Threads per process in the generated trees. */
  static final int THREADS = 20;

  /** Blocking threads in each tree in transition. */
  static final int BLOCKERS = 10;

  static final Path PROJECT = Path.of("").toAbsolutePath();
  static final Path WORK = PROJECT.resolve("target/bench");

  final List<String[]> rows = new ArrayList<>();
  String header = "| measurement | threads | median | ratio to floor | ratio, interquartile | note |";
  final List<String> verdicts = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    Bench b = new Bench();
    if (List.of(args).contains("exporter-metrics")) {
      // Only the cost of the process_* and jvm_* metrics (bench/run exporter-metrics).
      System.out.println(b.machine());
      b.exporterMetrics(b.tree("idle-20k", 20_000, false));
      b.print();
      return;
    }
    if (List.of(args).contains("cost")) {
      // The exporter's own cost per host and day, next to node_exporter (bench/run cost).
      System.out.println(b.machine());
      String opts = "";
      int seconds = 60;
      for (String a : args) {
        if (a.startsWith("--java-opts=")) {
          opts = a.substring("--java-opts=".length());
        } else if (a.startsWith("--seconds=")) {
          seconds = Integer.parseInt(a.substring("--seconds=".length()));
        }
      }
      b.cost(opts, seconds);
      b.print();
      return;
    }
    b.run();
  }

  /** CPU and memory of one server over a quiet minute and a minute of back-to-back scrapes. */
  record Cost(double idleCpuPerSecond, double cpuPerScrape, int scrapes, long rssKib,
      long hwmKib, int threads, String idleThreads) {
    /** CPU seconds a day at one scrape every 15 s. */
    double cpuPerDay() {
      return idleCpuPerSecond * 86_400 + cpuPerScrape * 5_760;
    }
  }

  interface Scrape {
    void once() throws Exception;
  }

  /**
   * The exporter's cost per host and day: CPU seconds and resident memory over {@code seconds} of
   * back-to-back scrapes and then {@code seconds} without any, idle and during a transition
   * stalled on a 20,000-thread host, scaled to a day at a 15 s interval; node_exporter (Debian's
   * package, its default collectors, on this machine's /proc and /sys) measured the same way in
   * the same run; a Java hello-world's resident peak, the floor of any JVM; and where the
   * exporter's memory goes, from the JVM's Native Memory Tracking.
   */
  void cost(String javaOpts, int seconds) throws Exception {
    header = "| measurement | scrapes | CPU a day, one scrape every 15 s | CPU, ratio to node_exporter"
        + " | resident, ratio to node_exporter | note |";
    Tree idle = tree("idle-20k", 20_000, false);
    Tree stalled = tree("transition-20k", 20_000, true);
    double helloPeak = 0;
    for (int i = 0; i < 3; i++) {
      helloPeak = Math.max(helloPeak, timed(5, List.of(java(), "-cp", WORK.toString(), "Hello"))[1]);
    }
    Map<String, String> env = javaOpts.isEmpty() ? Map.of() : Map.of("LIVEPATCH_JAVA_OPTS", javaOpts);
    Cost ours;
    try (Server s = new Server(idle, env)) {
      ours = cost(s.process.pid(), seconds, () -> body(s.client, s.get, idle));
    }
    Cost ourStalled;
    try (Server s = new Server(stalled, env)) {
      ourStalled = cost(s.process.pid(), seconds, () -> body(s.client, s.get, stalled));
    }
    Cost node;
    try (NodeExporterProcess n = new NodeExporterProcess()) {
      node = cost(n.process.pid(), seconds, n::scrape);
    }
    Cost sleeping = sleepingJvm(seconds);
    costRow("java Hello (the JVM floor)", null, "", "", helloPeak);
    costRow("java Hello sleeping, the exporter's flags (the idle floor)", sleeping, "", "", 0);
    costRow("node_exporter, default collectors, this machine", node, "1.00", "", 0);
    costRow("exporter, no transition", idle, ours, node);
    costRow("exporter, transition stalled", stalled, ourStalled, node);
    double goal = 1.25 * helloPeak;
    verdict("exporter resident within 1.25× of a Java hello-world's peak ("
            + String.format("%.1f MiB", goal / 1024) + ")",
        ours.rssKib <= goal,
        String.format("%.1f MiB, %.2f× (node_exporter %.1f MiB)", ours.rssKib / 1024.0,
            ours.rssKib / helloPeak, node.rssKib / 1024.0));
    System.out.println();
    System.out.println("Idle CPU by thread, ms of CPU a second (threads of one name summed):");
    System.out.println("- sleeping hello-world: " + sleeping.idleThreads);
    System.out.println("- exporter, no transition: " + ours.idleThreads);
    System.out.println("- exporter, transition stalled: " + ourStalled.idleThreads);
    nativeMemory(stalled, env);
  }

  void costRow(String what, Tree t, Cost c, Cost node) {
    costRow(what + (t == null ? "" : String.format(", %,d threads", t.threads)), c,
        fmt(c.cpuPerDay() / node.cpuPerDay()),
        fmt((double) c.rssKib / node.rssKib), 0);
  }

  void costRow(String what, Cost c, String cpuRatio, String memRatio, double peakKib) {
    if (c == null) {
      rows.add(new String[] {what, "", "", "", "", String.format("peak %.1f MiB", peakKib / 1024)});
      return;
    }
    rows.add(new String[] {what,
        c.scrapes == 0 ? "" : String.format("%d scrapes, %.2f ms CPU each", c.scrapes, c.cpuPerScrape * 1000),
        String.format("%.1f s CPU/day", c.cpuPerDay()), cpuRatio, memRatio,
        String.format("%.1f MiB resident, peak %.1f MiB, %d threads, idle %.2f ms CPU/s",
            c.rssKib / 1024.0, c.hwmKib / 1024.0, c.threads, c.idleCpuPerSecond * 1000)});
  }

  /** As above; without {@code scrape} (null), only the idle part. */
  Cost cost(long pid, int seconds, Scrape scrape) throws Exception {
    boolean idleOnly = scrape == null;
    if (idleOnly) {
      scrape = () -> {};
    }
    for (int i = 0; i < 200 && !idleOnly; i++) {
      scrape.once();
    }
    int n = 0;
    double before = cpuSeconds(pid);
    long start = System.nanoTime();
    long end = idleOnly ? start : start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      scrape.once();
      n++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double busy = cpuSeconds(pid) - before;
    // Then as between two scrapes of a Prometheus: nothing asked, after the compiler has settled.
    Thread.sleep(5_000);
    before = cpuSeconds(pid);
    Map<String, Double> threadsBefore = threadCpu(pid);
    Thread.sleep(seconds * 1_000L);
    double idlePerSecond = (cpuSeconds(pid) - before) / seconds;
    String idleThreads = idleThreads(threadsBefore, threadCpu(pid), seconds);
    String status = Files.readString(Path.of("/proc/" + pid + "/status"));
    int threads;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      threads = (int) tasks.count();
    }
    return new Cost(idlePerSecond, n == 0 ? 0 : Math.max(0, busy - idlePerSecond * elapsed) / n, n,
        kib(status, "VmRSS"), kib(status, "VmHWM"), threads, idleThreads);
  }

  /** The idle cost of a JVM that only sleeps, with the exporter's flags: the floor of idling. */
  Cost sleepingJvm(int seconds) throws Exception {
    List<String> argv = new ArrayList<>(List.of(java()));
    argv.addAll(exporterFlags());
    argv.addAll(List.of("-cp", WORK.toString(), "Hello", "--sleep"));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try {
      check(new String(p.getInputStream().readNBytes(6), StandardCharsets.UTF_8).equals("ready\n"),
          "the sleeping hello-world did not start");
      return cost(p.pid(), seconds, null);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  /** CPU seconds of each thread of {@code pid}, by "name tid" (thread names are not unique). */
  static Map<String, Double> threadCpu(long pid) throws IOException {
    Map<String, Double> out = new java.util.HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.put(name + " " + task.getFileName(),
              (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0);
        } catch (java.nio.file.NoSuchFileException gone) {
          // a thread that ended
        }
      }
    }
    return out;
  }

  /** The threads that used CPU between two {@link #threadCpu} readings, busiest first. */
  static String idleThreads(Map<String, Double> before, Map<String, Double> after, int seconds) {
    Map<String, Double> byName = new java.util.TreeMap<>();
    after.forEach((k, v) -> {
      double d = v - before.getOrDefault(k, 0.0);
      if (d > 0) {
        byName.merge(k.substring(0, k.lastIndexOf(' ')), d, Double::sum);
      }
    });
    return byName.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(5)
        .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() * 1000 / seconds))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** utime + stime of a process, in seconds (USER_HZ is 100 on Linux). */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /**
   * The exporter's committed memory by Native Memory Tracking's categories after 300
   * stalled-transition scrapes, next to a hello-world's with the same flags: where the resident
   * set beyond the JVM's floor goes.
   */
  void nativeMemory(Tree t, Map<String, String> env) throws Exception {
    String opts = (env.getOrDefault("LIVEPATCH_JAVA_OPTS", "") + " -XX:NativeMemoryTracking=summary").trim();
    Map<String, Long> ours;
    long rss;
    try (Server s = new Server(t, Map.of("LIVEPATCH_JAVA_OPTS", opts))) {
      for (int i = 0; i < 300; i++) {
        body(s.client, s.get, t);
      }
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      ours = nmt(run(List.of(jcmd, "" + s.process.pid(), "VM.native_memory", "summary")));
      rss = kib(Files.readString(Path.of("/proc/" + s.process.pid() + "/status")), "VmRSS");
    }
    // The hello-world with the exporter's own flags, printing its summary as it exits.
    List<String> hello = new ArrayList<>(List.of(java()));
    hello.addAll(exporterFlags());
    hello.addAll(List.of(opts.split(" +")));
    hello.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintNMTStatistics", "-cp",
        WORK.toString(), "Hello"));
    Map<String, Long> floor = nmt(run(hello));
    System.out.println();
    System.out.printf("Native Memory Tracking, committed KiB (exporter: %d KiB resident with NMT on)%n",
        rss);
    System.out.println("| category | exporter, stalled transition | hello-world, same flags | difference |");
    System.out.println("|---|---:|---:|---:|");
    List<String> names = new ArrayList<>(ours.keySet());
    names.sort((a, b) -> Long.compare(ours.get(b) - floor.getOrDefault(b, 0L),
        ours.get(a) - floor.getOrDefault(a, 0L)));
    for (String name : names) {
      long o = ours.get(name);
      long f = floor.getOrDefault(name, 0L);
      System.out.printf("| %s | %,d | %,d | %+,d |%n", name, o, f, o - f);
    }
  }

  /** The flags bin/livepatch-exporter gives the JVM. */
  static List<String> exporterFlags() throws IOException {
    String script = Files.readString(PROJECT.resolve("bin/livepatch-exporter"));
    Matcher m = Pattern.compile("LIVEPATCH_JVM_FLAGS=\"([^\"]*)\"").matcher(script);
    check(m.find(), "no LIVEPATCH_JVM_FLAGS in bin/livepatch-exporter");
    return List.of(m.group(1).replace("\\\n", " ").trim().split("\\s+"));
  }

  /** Committed KiB by category from an NMT summary, in KB (jcmd) or bytes (at exit). */
  static Map<String, Long> nmt(String summary) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    Matcher total = Pattern.compile("(?m)^Total: reserved=\\d+(KB)?, committed=(\\d+)(KB)?")
        .matcher(summary);
    check(total.find(), "no NMT total in:\n" + summary);
    out.put("Total", kibOf(total.group(2), total.group(3)));
    Matcher m = Pattern.compile(
        "(?m)^-\\s+(.+?) \\(reserved=\\d+(KB)?, committed=(\\d+)(KB)?\\)").matcher(summary);
    while (m.find()) {
      out.put(m.group(1).trim(), kibOf(m.group(3), m.group(4)));
    }
    return out;
  }

  static long kibOf(String value, String unit) {
    long v = Long.parseLong(value);
    return unit == null ? v / 1024 : v;
  }

  /** Debian's node_exporter on a loopback port, its default collectors. */
  static final class NodeExporterProcess implements AutoCloseable {
    final Process process;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final HttpRequest get;

    NodeExporterProcess() throws Exception {
      int port;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
          java.net.InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      String bin = io.github.livepatchexporter.testutil.Tools
          .find("prometheus-node-exporter", "prometheus-node-exporter").toString();
      process = new ProcessBuilder(bin, "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true)
          .redirectOutput(WORK.resolve("node_exporter.log").toFile())
          .start();
      get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
      for (int i = 0; ; i++) {
        try {
          scrape();
          return;
        } catch (IOException e) {
          check(i < 100 && process.isAlive(), "node_exporter did not answer: see "
              + WORK.resolve("node_exporter.log"));
          Thread.sleep(100);
        }
      }
    }

    void scrape() throws Exception {
      HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
      check(r.statusCode() == 200 && r.body().contains("node_cpu_seconds_total"),
          "node_exporter: HTTP " + r.statusCode());
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }
  }

  /**
   * The process_* and jvm_* metrics: the scrape with them against the scrape without them
   * ({@code --web.disable-exporter-metrics}), in interleaved rounds on two servers.
   */
  void exporterMetrics(Tree idle) throws Exception {
    int rounds = 15;
    int per = 200;
    double[] with = new double[rounds];
    double[] without = new double[rounds];
    int withBytes;
    int withoutBytes;
    try (Server on = new Server(idle);
        Server off = new Server(idle, "--web.disable-exporter-metrics")) {
      scrapes(on, idle, 2000);
      scrapes(off, idle, 2000);
      for (int r = 0; r < rounds; r++) {
        without[r] = scrapes(off, idle, per);
        with[r] = scrapes(on, idle, per);
      }
      withBytes = body(on.client, on.get, idle).length();
      withoutBytes = body(off.client, off.get, idle).length();
    }
    double[] ratio = ratios(with, without);
    row("scrape, no transition, --web.disable-exporter-metrics", idle, median(without), "1.00", "",
        withoutBytes + " bytes");
    row("scrape, no transition, with process_* and jvm_*", idle, median(with),
        fmt(median(ratio)), spread(ratio), withBytes + " bytes");
  }

  record Tree(String name, int threads, boolean transition, Path dir) {
    Path proc() {
      return dir.resolve("proc");
    }

    List<String> roots() {
      return List.of(
          "--path.sysfs=" + dir.resolve("sys"),
          "--path.procfs=" + dir.resolve("proc"),
          "--path.rootfs=" + dir);
    }
  }

  void run() throws Exception {
    System.out.println(machine());
    Tree idle = tree("idle-20k", 20_000, false);
    List<Tree> busy =
        List.of(tree("transition-2k", 2_000, true), tree("transition-20k", 20_000, true),
            tree("transition-100k", 100_000, true));

    // 1: the scrape without a transition.
    double idleScrape = scrape(idle, 2000, 2000);
    row("scrape, no transition (HTTP round trip)", idle, idleScrape, "", "", "");
    long walks = walks(idle);
    double inProcess = inProcessScrape(idle);
    row("scrape, no transition, inside the process", idle, inProcess, "", "", "");
    verdict(
        "a scrape without a transition walks no /proc",
        walks == 0,
        "livepatch_proc_walks_total " + walks + " after 4,000 scrapes");
    verdict(
        "a scrape without a transition costs < 1 ms inside the process",
        inProcess < 1.0,
        fmt(inProcess) + " ms");

    exporterMetrics(idle);

    // 2-3: the scrape during a transition against the C floor and the bash loop, in rounds that
    // measure all three back to back, so that a machine that drifts moves them together.
    for (Tree t : busy) {
      int rounds = t.threads >= 100_000 ? 7 : t.threads >= 20_000 ? 15 : 21;
      int per = t.threads >= 100_000 ? 1 : t.threads >= 20_000 ? 3 : 9;
      double[] floor = new double[rounds];
      double[] bash = new double[rounds];
      double[] ours = new double[rounds];
      try (Server s = new Server(t)) {
        scrapes(s, t, Math.max(3, per * 2));
        for (int r = 0; r < rounds; r++) {
          floor[r] = floor(t, per);
          ours[r] = scrapes(s, t, per);
          bash[r] = bash(t, 1);
        }
      }
      double[] oursToFloor = ratios(ours, floor);
      row("C floor: open and read every patch_state", t, median(floor), "1.00", "", "");
      row("bash loop over /proc/*/task/*/patch_state", t, median(bash),
          fmt(median(ratios(bash, floor))), spread(ratios(bash, floor)), "");
      row("scrape during the transition (HTTP round trip)", t, median(ours),
          fmt(median(oursToFloor)), spread(oursToFloor),
          fmt(median(ratios(bash, ours))) + "× faster than bash");
      if (t.threads == 20_000) {
        verdict(
            "a transition scrape at 20,000 threads within 1.5× of the C floor",
            median(oursToFloor) <= 1.5,
            fmt(median(oursToFloor)) + "× (interquartile " + spread(oursToFloor) + ")");
      }
    }

    // 4: the command line against a Java hello-world, in rounds as above.
    Tree t20k = busy.get(1);
    List<List<String>> commands =
        List.of(List.of("status"), List.of("blocking"), List.of("-v", "patches"));
    int rounds = 11;
    double[] hello = new double[rounds];
    double[][] cli = new double[commands.size()][rounds];
    double helloPeak = 0;
    double[] cliPeak = new double[commands.size()];
    for (int r = 0; r < rounds; r++) {
      double[] h = timed(5, List.of(java(), "-cp", WORK.toString(), "Hello"));
      hello[r] = h[0];
      helloPeak = Math.max(helloPeak, h[1]);
      for (int c = 0; c < commands.size(); c++) {
        List<String> argv = new ArrayList<>(List.of(PROJECT.resolve("bin/klp").toString()));
        argv.addAll(t20k.roots());
        argv.addAll(commands.get(c));
        double[] m = timed(c == 0 ? 5 : 3, argv);
        cli[c][r] = m[0];
        cliPeak[c] = Math.max(cliPeak[c], m[1]);
      }
    }
    row("java Hello (the JVM floor)", null, median(hello), "1.00", "", mib(helloPeak));
    for (int c = 0; c < commands.size(); c++) {
      double[] toHello = ratios(cli[c], hello);
      row("klp " + String.join(" ", commands.get(c)), t20k, median(cli[c]), fmt(median(toHello)),
          spread(toHello), mib(cliPeak[c]));
      if (c == 0) {
        verdict("klp status within 1.5× of a Java hello-world", median(toHello) <= 1.5,
            fmt(median(toHello)) + "× (interquartile " + spread(toHello) + ")");
      }
    }

    // 5: resident memory after 10,000 scrapes during a transition.
    long[] memory = memoryAfterScrapes(busy.get(0), 10_000);
    rows.add(new String[] {"exporter resident memory after 10,000 scrapes (VmRSS, peak VmHWM)",
        "2,000", String.format("%.1f MiB", memory[0] / 1024.0), "", "", String.format(
            "peak %.1f MiB", memory[1] / 1024.0)});
    verdict("resident memory at most 64 MiB after 10,000 scrapes", memory[0] <= 64 * 1024,
        String.format("%.1f MiB", memory[0] / 1024.0));

    print();
  }

  // ---- trees ----

  Tree tree(String name, int threads, boolean transition) throws IOException {
    Path dir = WORK.resolve("trees").resolve(name);
    Path done = dir.resolve(".complete");
    if (!Files.exists(done)) {
      System.out.printf("generating %s (%,d threads)…%n", name, threads);
      deleteTree(dir);
      BigTree.create(dir, threads / THREADS, THREADS, threads / BLOCKERS, transition);
      Files.writeString(done, "");
    }
    return new Tree(name, threads, transition, dir);
  }

  // ---- measurements; each returns the median in milliseconds ----

  double floor(Tree t, int reps) throws Exception {
    String out = run(List.of(WORK.resolve("floor").toString(), t.proc().toString(), "" + reps));
    String[] f = out.trim().split(" ");
    check(Integer.parseInt(f[1]) == t.threads, "floor read " + f[1] + " files");
    return Long.parseLong(f[0]) / 1e6;
  }

  double bash(Tree t, int reps) throws Exception {
    String loop =
        "n=0; for f in \"$1\"/[0-9]*/task/[0-9]*/patch_state; do read -r s < \"$f\" || continue;"
            + " [ \"$s\" = 0 ] && n=$((n+1)); done; echo $n";
    return timed(reps, List.of("bash", "-c", loop, "bash", t.proc().toString()))[0];
  }

  /** Median and largest peak RSS (KiB) of a command, from {@code peak}. */
  double[] timed(int reps, List<String> command) throws Exception {
    List<String> argv = new ArrayList<>(List.of(WORK.resolve("peak").toString(), "" + reps));
    argv.addAll(command);
    String[] f = run(argv).trim().split(" ");
    check(f[2].equals("0") || command.contains("blocking"), "exit " + f[2] + ": " + command);
    return new double[] {Long.parseLong(f[0]) / 1e6, Double.parseDouble(f[1])};
  }

  double scrape(Tree t, int warmup, int reps) throws Exception {
    try (Server s = new Server(t)) {
      scrapes(s, t, warmup);
      return scrapes(s, t, reps);
    }
  }

  /** The median of {@code reps} scrapes, one after another on one kept-alive connection. */
  double scrapes(Server s, Tree t, int reps) throws Exception {
    long[] ns = new long[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      body(s.client, s.get, t);
      ns[i] = System.nanoTime() - start;
    }
    return median(ns);
  }

  long walks(Tree t) throws Exception {
    try (Server s = new Server(t)) {
      String body = "";
      for (int i = 0; i < 4000; i++) {
        body = body(s.client, s.get, t);
      }
      Matcher m = Pattern.compile("(?m)^livepatch_proc_walks_total (\\S+)").matcher(body);
      check(m.find(), "no livepatch_proc_walks_total");
      return (long) Double.parseDouble(m.group(1));
    }
  }

  String body(HttpClient client, HttpRequest get, Tree t) throws Exception {
    HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
    check(r.statusCode() == 200, "HTTP " + r.statusCode());
    String want = "livepatch_transition_in_progress " + (t.transition ? "1" : "0");
    check(r.body().contains(want), "the scrape lacks " + want);
    if (t.transition) {
      check(r.body().contains("livepatch_transition_blocking_threads{kind=\"user\",state=\"S\"} "
          + BLOCKERS), "the scrape does not count " + BLOCKERS + " blockers");
    }
    return r.body();
  }

  /**
   * Exporter.scrapeText() in this JVM: reading, collecting and formatting, without HTTP; the
   * collectors of the server the bench starts ({@code --no-collector.packages}).
   */
  double inProcessScrape(Tree t) throws Exception {
    Log log = new Log(new PrintWriter(new StringWriter(), true), Log.Level.warn);
    try (Exporter exporter =
        Exporter.builder()
            .kernel(new StateReader(new Roots(t.dir.resolve("sys"), t.proc(), t.dir)))
            .collectors(Set.of("patches", "transition", "kgraft"))
            .version("bench")
            .log(log)
            .build()) {
      for (int i = 0; i < 20_000; i++) {
        exporter.scrapeText();
      }
      long[] ns = new long[10_000];
      for (int i = 0; i < ns.length; i++) {
        long start = System.nanoTime();
        exporter.scrapeText();
        ns[i] = System.nanoTime() - start;
      }
      return median(ns);
    }
  }

  /** VmRSS and VmHWM (KiB) of the exporter after {@code scrapes} scrapes from 4 clients. */
  long[] memoryAfterScrapes(Tree t, int scrapes) throws Exception {
    try (Server s = new Server(t)) {
      HttpClient client = s.client;
      HttpRequest get = s.get;
      AtomicInteger left = new AtomicInteger(scrapes);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(pool.submit(() -> {
          while (left.getAndDecrement() > 0) {
            body(client, get, t);
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
      pool.shutdown();
      String status = Files.readString(Path.of("/proc/" + s.process.pid() + "/status"));
      return new long[] {kib(status, "VmRSS"), kib(status, "VmHWM")};
    }
  }

  // ---- the exporter as users start it ----

  /** The tests' {@link Serve} on a tree, waited for on close so that runs do not overlap. */
  static final class Server implements AutoCloseable {
    final Serve serve;
    final Process process;
    final String url;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final HttpRequest get;

    Server(Tree t, String... extra) throws IOException, InterruptedException {
      this(t, Map.of(), extra);
    }

    Server(Tree t, Map<String, String> env, String... extra)
        throws IOException, InterruptedException {
      List<String> args = new ArrayList<>(
          List.of("--web.listen-address=127.0.0.1:0", "--no-collector.packages"));
      args.addAll(t.roots());
      args.addAll(List.of(extra));
      serve = new Serve(env, args.toArray(String[]::new));
      process = serve.process;
      url = serve.awaitListening();
      get = HttpRequest.newBuilder(URI.create(url)).build();
    }

    @Override
    public void close() throws IOException, InterruptedException {
      serve.close();
      process.waitFor();
    }
  }

  // ---- output ----

  void row(String what, Tree t, double ms, String ratio, String spread, String note) {
    rows.add(new String[] {what, t == null ? "" : String.format("%,d", t.threads),
        fmt(ms) + " ms", ratio, spread, note});
  }

  void verdict(String target, boolean met, String figure) {
    verdicts.add(String.format("| %s | %s | %s |", target, figure, met ? "met" : "NOT met"));
  }

  void print() {
    System.out.println();
    System.out.println(header);
    System.out.println("|---|---:|---:|---:|---:|---|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
    System.out.println();
    System.out.println("| target | this run | |");
    System.out.println("|---|---:|---|");
    verdicts.forEach(System.out::println);
  }

  String machine() throws Exception {
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

  // ---- small helpers ----

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String run(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    check(p.waitFor() == 0, argv.get(0) + " failed");
    return out;
  }

  static double median(long[] ns) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  static double median(double[] v) {
    return quantile(v, 0.5);
  }

  /** The q-quantile, interpolated between the two nearest of the sorted values. */
  static double quantile(double[] v, double q) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    double at = q * (sorted.length - 1);
    int below = (int) Math.floor(at);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
  }

  /** Round by round: each measurement over the baseline measured next to it. */
  static double[] ratios(double[] ours, double[] baseline) {
    double[] r = new double[ours.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = ours[i] / baseline[i];
    }
    return r;
  }

  /** The middle half of the round ratios: how far one run can be trusted. */
  static String spread(double[] ratios) {
    return fmt(quantile(ratios, 0.25)) + "–" + fmt(quantile(ratios, 0.75));
  }

  static long kib(String procStatus, String field) {
    Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(procStatus);
    check(m.find(), "no " + field);
    return Long.parseLong(m.group(1));
  }

  static String fmt(double v) {
    return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v)
        : String.format("%.2f", v);
  }

  static String mib(double kib) {
    return String.format("peak %.0f MiB", kib / 1024);
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
}
