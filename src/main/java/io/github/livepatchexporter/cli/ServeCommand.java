package io.github.livepatchexporter.cli;

import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.demo.DemoHost;
import io.github.livepatchexporter.exporter.Exporter;
import io.github.livepatchexporter.log.Log;
import io.github.livepatchexporter.system.BuildInfo;
import io.github.livepatchexporter.system.CurrentUser;
import io.github.livepatchexporter.web.ExporterServer;
import io.github.livepatchexporter.web.HostPort;
import io.github.livepatchexporter.web.LandingPage;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code livepatch-exporter serve}: the Prometheus exporter. Runs until SIGTERM or SIGINT. */
@Command(name = "serve", description = "Serve metrics over HTTP(S) for Prometheus.")
final class ServeCommand implements Callable<Integer> {
  static final String DEFAULT_ADDRESS = ":9977";

  private final CliContext ctx;
  private final GlobalOptions before;

  /** The web config file's content, loaded by {@link #validate}. */
  private WebConfig webConfig = WebConfig.NONE;

  @Mixin GlobalOptions after = new GlobalOptions();
  @Mixin ExporterOptions exporter = new ExporterOptions();

  @Option(
      names = "--web.listen-address",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on, repeatable, as :9977 (the default), 127.0.0.1:9977 or [::1]:9977.")
  List<String> listen;

  @Option(
      names = "--web.telemetry-path",
      paramLabel = "PATH",
      defaultValue = "/metrics",
      description = "Path of the metrics (default: /metrics).")
  String telemetryPath = "/metrics";

  @Option(
      names = "--web.config.file",
      paramLabel = "FILE",
      description = "TLS and basic auth, in the exporter-toolkit web config format.")
  Path webConfigFile;

  @Option(
      names = "--web.max-requests",
      paramLabel = "N",
      defaultValue = "40",
      description =
          "Requests served at once (0: no limit); more wait up to 10 s, then get 503 (default: 40).")
  int maxRequests = 40;

  @Option(
      names = "--web.disable-exporter-metrics",
      description = "Leave out the exporter's own process_* and jvm_* metrics.")
  boolean disableExporterMetrics;

  @Option(
      names = "--web.landing-page.hide-command-lines",
      description =
          "Leave blocking threads' command lines out of the page at /; they can hold secrets.")
  boolean hideCommandLines;

  @Option(
      names = "--web.landing-page.refresh-seconds",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How often the page at / reloads itself, 0: never (default: 30).")
  int refreshSeconds = 30;

  @Option(
      names = "--demo",
      description =
          "Serve a simulated host that cycles through a patch, a stalled transition and an atomic replace.")
  boolean demo;

  @Option(
      names = "--demo.step-seconds",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Length of each phase of the demo (default: 30).")
  int demoStep = 30;

  ServeCommand(CliContext ctx, GlobalOptions before) {
    this.ctx = ctx;
    this.before = before;
  }

  @Override
  public Integer call() throws Exception {
    GlobalOptions o = GlobalOptions.merge(before, after);
    Log log = exporter.log(ctx.err());
    List<InetSocketAddress> addresses = validate();
    Exporter ex = exporter(o, log);
    ExporterServer server = serve(ex, addresses, log);
    // Once it serves: a server that could not start says so in one line, and no more.
    log.info(
        "started livepatch_exporter version="
            + BuildInfo.version()
            + " revision="
            + BuildInfo.revision()
            + " collectors="
            + String.join(",", exporter.collectors()));
    if (demo) {
      log.info(
          "demo mode: a simulated host, not this machine's kernel; each phase lasts "
              + demoStep
              + " s");
    }
    if (!demo && !ctx.root() && !CurrentUser.readsOthersFiles()) {
      log.warn(
          "running as non-root user without CAP_DAC_READ_SEARCH: patch_state of other users'"
              + " tasks cannot be read; blocking counts may be low");
    }
    String scheme = webConfig.tls().isPresent() ? "https" : "http";
    for (InetSocketAddress a : server.addresses()) {
      log.info("listening on " + scheme + "://" + HostPort.of(a) + telemetryPath);
    }
    untilStopped(server, ex, log);
    return ExitCodes.OK;
  }

  /** The options' values checked, the web config loaded once to fail early; the addresses. */
  private List<InetSocketAddress> validate() {
    if (!telemetryPath.startsWith("/")
        || telemetryPath.equals("/")
        || telemetryPath.startsWith("/-/")) {
      throw new CliException(
          "--web.telemetry-path: '"
              + telemetryPath
              + "': must start with / and not be / or under /-/",
          ExitCodes.USAGE);
    }
    if (maxRequests < 0 || maxRequests > 1000) {
      throw new CliException("--web.max-requests: must be from 0 to 1000", ExitCodes.USAGE);
    }
    if (refreshSeconds < 0 || refreshSeconds > 86400) {
      throw new CliException(
          "--web.landing-page.refresh-seconds: must be from 0 to 86400", ExitCodes.USAGE);
    }
    if (demoStep < 1 || demoStep > 86400) {
      throw new CliException("--demo.step-seconds: must be from 1 to 86400", ExitCodes.USAGE);
    }
    if (webConfigFile != null) {
      try {
        webConfig = WebConfig.load(webConfigFile);
      } catch (ConfigException e) {
        throw new CliException("--web.config.file: " + e.getMessage());
      }
    }
    return (listen == null || listen.isEmpty() ? List.of(DEFAULT_ADDRESS) : listen)
        .stream().map(ListenAddress::parse).toList();
  }

  private Exporter exporter(GlobalOptions o, Log log) {
    Exporter ex;
    if (demo) {
      ex =
          exporter
              .exporter(log)
              .source(new DemoHost(Clock.systemUTC(), Duration.ofSeconds(demoStep)))
              .transitionLog(log::info)
              .build();
    } else {
      ex = exporter.exporter(o, ctx, log, log::info);
    }
    if (!disableExporterMetrics) {
      ExporterMetrics.register(ex.registry());
    }
    return ex;
  }

  private ExporterServer serve(Exporter ex, List<InetSocketAddress> addresses, Log log) {
    ExporterServer.Builder web =
        ExporterServer.builder(ex.registry())
            .addresses(addresses)
            .telemetryPath(telemetryPath)
            .maxRequests(maxRequests)
            .collectors(ex.collectors())
            .landingPage(() -> landingPage(ex))
            .log(log);
    if (webConfigFile != null) {
      web.webConfigFile(webConfigFile);
    }
    try {
      return web.start();
    } catch (BindException e) {
      // The message names the address that could not be had.
      throw new CliException("--web.listen-address: cannot listen on " + e.getMessage());
    } catch (ConfigException e) {
      throw new CliException("--web.config.file: " + e.getMessage());
    } catch (IOException e) {
      throw new CliException("cannot start the server: " + e.getMessage());
    }
  }

  /**
   * SIGTERM (systemctl stop) and SIGINT end the JVM through its shutdown hooks, whose exit status
   * would be 128 + the signal: a unit stopped on purpose would count as failed. Once the server has
   * stopped listening, the hook ends the process itself with 0, as documented.
   */
  private static void untilStopped(ExporterServer server, Exporter ex, Log log)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Asked before the main thread is released: it would exit with 0 itself.
                  boolean signalled = !Launcher.exiting();
                  log.info("shutting down");
                  server.close();
                  ex.close();
                  log.info("stopped");
                  if (signalled) {
                    Runtime.getRuntime().halt(ExitCodes.OK);
                  }
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  private String landingPage(Exporter ex) {
    Exporter.View v = ex.view();
    return LandingPage.builder(v.state())
        .transitionStart(v.transitionStart())
        .packages(v.packages())
        .metricsPath(telemetryPath)
        .version(BuildInfo.version(), BuildInfo.revision())
        .demo(demo)
        .commandLines(!hideCommandLines)
        .refreshSeconds(refreshSeconds)
        .render();
  }
}
