package io.github.livepatchexporter.web;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.log.Log;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The HTTP(S) listeners: {@code /metrics} through client_java's {@link MetricsHandler} (content
 * negotiation, gzip), {@code /-/healthy}, {@code /-/ready} and a landing page at {@code /}; every
 * other path is 404. No handler lets an exception or stack trace reach a client.
 *
 * <p>The JDK server reads a request's line and headers on the executor's thread, blocking, from the
 * first byte on: a client that sends its headers slowly holds that thread until the request
 * deadline. So reading and serving are counted apart, as node_exporter does: connections whose
 * request is arriving get threads of their own (up to {@link #MAX_READING}, each for at most {@link
 * #REQUEST_SECONDS}), and {@code --web.max-requests} counts only requests being served, from the
 * complete request until the response starts; beyond it a request waits for a slot, for at most
 * {@link #SLOT_WAIT_SECONDS}, then gets 503. A connection that sent nothing holds no thread.
 */
public final class ExporterServer implements AutoCloseable {
  /** Seconds from a request's first byte until its headers are read; then the JDK closes it. */
  static final int REQUEST_SECONDS = 5;

  /** Seconds from a complete request until its response is written; then the JDK closes it. */
  static final int RESPONSE_SECONDS = 30;

  /**
   * Connections whose request is being read or served at once; a connection beyond it is closed
   * unanswered. Each costs a thread, about 100 KiB resident (the JVM maps a thread's stack shadow
   * zone when it starts), so 512 bound the cost to about 50 MiB: the DaemonSet's memory limit
   * holds. Reaching it takes over 100 new slow connections a second, for {@link #REQUEST_SECONDS}.
   */
  static final int MAX_READING = 512;

  static {
    // The JDK server closes the connection without an answer when a request has more headers
    // than this; let them in so that RequestGuard can answer 431.
    setIfUnset("sun.net.httpserver.maxReqHeaders", "10000");
    setIfUnset("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
    setIfUnset("sun.net.httpserver.maxRspTime", Integer.toString(RESPONSE_SECONDS));
    // The JDK server writes the headers and the body of a response separately; with Nagle on, the
    // body of a kept-alive scrape waits for the client's delayed ACK (40 ms on Linux).
    setIfUnset("sun.net.httpserver.nodelay", "true");
  }

  private static void setIfUnset(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Connections the kernel queues before the server accepts them. */
  private static final int BACKLOG = 128;

  private final List<HttpServer> servers;
  private final ExecutorService pool;

  private ExporterServer(List<HttpServer> servers, ExecutorService pool) {
    this.servers = servers;
    this.pool = pool;
  }

  /** A server of {@code registry} at {@code /metrics} on {@code :9977}, without TLS or auth. */
  public static Builder builder(PrometheusRegistry registry) {
    return new Builder(registry);
  }

  /** What the server needs; {@link #start} validates it and binds every address. */
  public static final class Builder {
    private final PrometheusRegistry registry;
    private List<InetSocketAddress> addresses = List.of(new InetSocketAddress(9977));
    private String telemetryPath = "/metrics";
    private Optional<Path> webConfigFile = Optional.empty();
    private WebConfig webConfig = WebConfig.NONE;
    private int maxRequests = 40;
    private Supplier<String> landingPage = () -> "";
    private Log log;
    private Set<String> collectors;

    private Builder(PrometheusRegistry registry) {
      this.registry = registry;
    }

    public Builder addresses(List<InetSocketAddress> addresses) {
      this.addresses = List.copyOf(addresses);
      return this;
    }

    public Builder telemetryPath(String path) {
      this.telemetryPath = path;
      return this;
    }

    /** TLS and basic auth as they are, for a server whose configuration never changes. */
    public Builder webConfig(WebConfig config) {
      this.webConfig = config;
      return this;
    }

    /** TLS and basic auth from a file, loaded at {@link #start} and watched for changes. */
    public Builder webConfigFile(Path file) {
      this.webConfigFile = Optional.of(file);
      return this;
    }

    /** Requests served at once ({@code --web.max-requests}); 0: no limit. */
    public Builder maxRequests(int n) {
      this.maxRequests = n;
      return this;
    }

    /** The page at {@code /}, made at each request. */
    public Builder landingPage(Supplier<String> page) {
      this.landingPage = page;
      return this;
    }

    /**
     * The names {@code ?collect[]=} may take on the metrics path; others get 400, as in
     * node_exporter. Without it any value is passed on.
     */
    public Builder collectors(List<String> names) {
      this.collectors = Set.copyOf(names);
      return this;
    }

    public Builder log(Log log) {
      this.log = log;
      return this;
    }

    /** Binds every address. */
    public ExporterServer start() throws IOException, ConfigException {
      if (log == null) {
        throw new IllegalStateException("a server needs a log");
      }
      return ExporterServer.start(this);
    }
  }

  private static ExporterServer start(Builder s) throws IOException, ConfigException {
    WebSecurity security =
        s.webConfigFile.isPresent()
            ? WebSecurity.watching(s.webConfigFile.get(), s.log)
            : WebSecurity.fixed(s.webConfig, s.log);
    WebSecurity.Active initial = security.current();
    SSLContext ssl =
        initial.ssl() == null ? null : new ReloadingSslContext(() -> security.current().ssl());
    Authenticator auth =
        s.webConfigFile.isPresent() || initial.users() != null
            ? BcryptAuthenticator.http(() -> security.current().users())
            : null;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0, MAX_READING, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads());
    Semaphore serving = s.maxRequests == 0 ? null : new Semaphore(s.maxRequests);
    List<HttpServer> servers = new ArrayList<>();
    try {
      for (InetSocketAddress address : s.addresses) {
        HttpServer server;
        try {
          if (ssl != null) {
            HttpsServer https = HttpsServer.create(address, BACKLOG);
            https.setHttpsConfigurator(
                TlsContexts.configurator(ssl, () -> security.current().config().tls().get()));
            server = https;
          } else {
            server = HttpServer.create(address, BACKLOG);
          }
        } catch (BindException e) {
          throw new BindException(HostPort.of(address) + ": " + e.getMessage());
        }
        MetricsHandler metrics =
            new MetricsHandler(
                PrometheusProperties.get(),
                s.registry,
                HttpErrorHandlingPolicy.builder()
                    .unsafeDebugResponse(false)
                    .errorReporter(e -> reportScrapeError(s.log, e))
                    .build());
        Map<String, RequestGuard.Route> routes =
            Map.of(
                s.telemetryPath,
                new RequestGuard.Route(metrics, true, s.collectors),
                "/-/healthy",
                new RequestGuard.Route(text("Exporter is healthy.\n"), false),
                "/-/ready",
                new RequestGuard.Route(text("Exporter is ready.\n"), false),
                "/",
                new RequestGuard.Route(html(s.landingPage), true));
        HttpContext ctx =
            server.createContext(
                "/", ex -> routes.get(ex.getRequestURI().getPath()).handler().handle(ex));
        if (auth != null) {
          ctx.setAuthenticator(auth);
        }
        ctx.getFilters()
            .add(
                new RequestGuard(
                    () -> security.current().config().headers(),
                    routes,
                    serving,
                    s.maxRequests,
                    s.log));
        server.setExecutor(pool);
        server.start();
        servers.add(server);
      }
    } catch (IOException | RuntimeException e) {
      servers.forEach(x -> x.stop(0));
      pool.shutdownNow();
      throw e;
    }
    return new ExporterServer(servers, pool);
  }

  /** The addresses actually bound (port 0 becomes the port the kernel chose). */
  public List<InetSocketAddress> addresses() {
    return servers.stream().map(HttpServer::getAddress).toList();
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HttpHandler text(String body) {
    return ex -> RequestGuard.respond(ex, 200, RequestGuard.PLAIN, body);
  }

  private static HttpHandler html(Supplier<String> page) {
    return ex -> RequestGuard.respond(ex, 200, "text/html; charset=utf-8", page.get());
  }

  /**
   * A client that goes away mid-response (a scrape timeout, a reset) is the client's doing: it is
   * logged at debug level. Anything else is a failed scrape.
   */
  private static void reportScrapeError(Log log, Exception e) {
    if (e instanceof IOException) {
      log.debug("scrape not delivered: " + e.getMessage());
    } else {
      log.error("scrape failed: " + e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    };
  }
}
