package io.github.livepatchexporter.exporter;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.WebConfig;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

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
  /** More headers than any client needs; a request beyond it gets 431. */
  static final int MAX_HEADERS = 100;

  /** Total size of the request headers beyond which a request gets 431. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** Seconds from a request's first byte until its headers are read; then the JDK closes it. */
  static final int REQUEST_SECONDS = 5;

  /**
   * Seconds a request beyond {@code --web.max-requests} waits for a slot before it gets 503:
   * Prometheus' default scrape timeout.
   */
  static final int SLOT_WAIT_SECONDS = 10;

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
    // than this; let them in so that Guard can answer 431.
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

  /** What the server needs; {@link #start} validates it and binds every address. */
  public record Settings(
      List<InetSocketAddress> addresses,
      String telemetryPath,
      Optional<Path> webConfigFile,
      WebConfig webConfig,
      int maxRequests,
      PrometheusRegistry registry,
      Supplier<String> landingPage,
      Log log) {}

  /**
   * Binds every address. With {@code webConfigFile} the file is loaded here and watched for
   * changes; without it {@code webConfig} is used as it is.
   */
  public static ExporterServer start(Settings s) throws IOException, ConfigException {
    WebSecurity security =
        s.webConfigFile().isPresent()
            ? WebSecurity.watching(s.webConfigFile().get(), s.log())
            : WebSecurity.fixed(s.webConfig(), s.log());
    WebSecurity.Active initial = security.current();
    SSLContext ssl =
        initial.ssl() == null ? null : new ReloadingSslContext(() -> security.current().ssl());
    Authenticator auth =
        s.webConfigFile().isPresent() || initial.users() != null
            ? BcryptAuthenticator.http(() -> security.current().users())
            : null;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0, MAX_READING, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads());
    Semaphore serving = s.maxRequests() == 0 ? null : new Semaphore(s.maxRequests());
    List<HttpServer> servers = new ArrayList<>();
    try {
      for (InetSocketAddress address : s.addresses()) {
        HttpServer server;
        try {
          if (ssl != null) {
            HttpsServer https = HttpsServer.create(address, BACKLOG);
            https.setHttpsConfigurator(
                configurator(ssl, () -> security.current().config().tls().get()));
            server = https;
          } else {
            server = HttpServer.create(address, BACKLOG);
          }
        } catch (BindException e) {
          throw new BindException(hostPort(address) + ": " + e.getMessage());
        }
        MetricsHandler metrics =
            new MetricsHandler(
                PrometheusProperties.get(),
                s.registry(),
                HttpErrorHandlingPolicy.builder()
                    .unsafeDebugResponse(false)
                    .errorReporter(e -> reportScrapeError(s.log(), e))
                    .build());
        Map<String, Route> routes =
            Map.of(
                s.telemetryPath(),
                new Route(metrics, true),
                "/-/healthy",
                new Route(text("Exporter is healthy.\n"), false),
                "/-/ready",
                new Route(text("Exporter is ready.\n"), false),
                "/",
                new Route(html(s.landingPage()), true));
        HttpContext ctx =
            server.createContext(
                "/", ex -> routes.get(ex.getRequestURI().getPath()).handler().handle(ex));
        if (auth != null) {
          ctx.setAuthenticator(auth);
        }
        ctx.getFilters()
            .add(
                new Guard(
                    () -> security.current().config().headers(),
                    routes,
                    serving,
                    s.maxRequests(),
                    s.log()));
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

  /**
   * {@code host:port} as Prometheus' tools print it: IPv6 in brackets, in its short form ({@code
   * [::]:9977}, not {@code [0:0:0:0:0:0:0:0]:9977}).
   */
  public static String hostPort(InetSocketAddress a) {
    if (a.getAddress() == null) {
      return a.getHostString() + ":" + a.getPort();
    }
    if (a.getAddress() instanceof Inet6Address v6) {
      return "[" + shortIpv6(v6.getAddress()) + "]:" + a.getPort();
    }
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
  static String shortIpv6(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
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

  private static List<String> protocols(WebConfig.Tls tls) {
    List<String> protocols = new ArrayList<>();
    boolean in = false;
    for (String v : List.of("TLS10", "TLS11", "TLS12", "TLS13")) {
      in |= v.equals(tls.minVersion());
      if (in) {
        protocols.add(WebConfig.TLS_VERSIONS.get(v));
      }
      if (v.equals(tls.maxVersion())) {
        break;
      }
    }
    return protocols;
  }

  /** Versions and client certificates per connection, from the configuration in force. */
  private static HttpsConfigurator configurator(SSLContext ssl, Supplier<WebConfig.Tls> current) {
    return new HttpsConfigurator(ssl) {
      @Override
      public void configure(HttpsParameters params) {
        WebConfig.Tls tls = current.get();
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        p.setProtocols(protocols(tls).toArray(String[]::new));
        switch (tls.clientAuth()) {
          case RequireAnyClientCert, RequireAndVerifyClientCert -> p.setNeedClientAuth(true);
          case RequestClientCert, VerifyClientCertIfGiven -> p.setWantClientAuth(true);
          default -> p.setNeedClientAuth(false);
        }
        params.setSSLParameters(p);
      }
    };
  }

  private static final String PLAIN = "text/plain; charset=utf-8";

  private static HttpHandler text(String body) {
    return ex -> respond(ex, 200, PLAIN, body);
  }

  private static HttpHandler html(Supplier<String> page) {
    return ex -> respond(ex, 200, "text/html; charset=utf-8", page.get());
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

  /** What answers one exact path, and whether it counts against {@code --web.max-requests}. */
  private record Route(HttpHandler handler, boolean counted) {}

  static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  /**
   * Adds the configured headers; answers 431 for oversized headers, 404 for any path but the exact
   * ones served, 405 for methods but GET and HEAD, 503 when no slot of {@code --web.max-requests}
   * frees in time; and turns any exception into a plain 500 without details: the cause goes to the
   * log, never to the client.
   */
  private static final class Guard extends Filter {
    private final Supplier<Map<String, String>> headers;
    private final Map<String, Route> routes;
    private final Semaphore serving;
    private final int maxRequests;
    private final Log log;

    Guard(
        Supplier<Map<String, String>> headers,
        Map<String, Route> routes,
        Semaphore serving,
        int maxRequests,
        Log log) {
      this.headers = headers;
      this.routes = routes;
      this.serving = serving;
      this.maxRequests = maxRequests;
      this.log = log;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
      headers.get().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      int headerBytes = 0;
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        for (String v : h.getValue()) {
          headerBytes += h.getKey().length() + v.length() + 4;
        }
      }
      if (ex.getRequestHeaders().size() > MAX_HEADERS || headerBytes > MAX_HEADER_BYTES) {
        respond(ex, 431, PLAIN, "Request header fields too large.\n");
        return;
      }
      String path = ex.getRequestURI().getPath();
      Route route = path == null ? null : routes.get(path);
      if (route == null) {
        respond(ex, 404, PLAIN, "Not found.\n");
        return;
      }
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(ex, 405, PLAIN, "Method not allowed.\n");
        return;
      }
      Slot slot = Slot.NONE;
      if (route.counted() && serving != null) {
        if (!acquire(serving)) {
          respond(
              ex,
              503,
              PLAIN,
              "Limit of concurrent requests reached (" + maxRequests + "), try again later.\n");
          return;
        }
        slot = new Slot(serving);
        // The slot is the collection's, not the client's: it is given back when the response
        // starts, so a client that reads slowly holds only its own connection.
        ex.setStreams(null, slot.releasingOnWrite(ex.getResponseBody()));
      }
      try {
        chain.doFilter(ex);
      } catch (IOException e) {
        log.debug("request " + path + ": " + e);
        ex.close();
      } catch (RuntimeException e) {
        log.error("request " + path + " failed: " + e);
        try {
          respond(ex, 500, PLAIN, "Internal error; see the exporter's log.\n");
        } catch (IOException | RuntimeException ignored) {
          ex.close();
        }
      } finally {
        slot.release();
      }
    }

    /** A slot within {@link #SLOT_WAIT_SECONDS}: scrapes that come together share one read. */
    private static boolean acquire(Semaphore serving) {
      try {
        return serving.tryAcquire(SLOT_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public String description() {
      return "headers, paths, methods, request limit and errors";
    }
  }

  /** One of {@code --web.max-requests}, given back once. */
  private static class Slot {
    static final Slot NONE = new Slot(null);
    private final Semaphore of;
    private final AtomicBoolean held;

    Slot(Semaphore of) {
      this.of = of;
      this.held = new AtomicBoolean(of != null);
    }

    void release() {
      if (held.compareAndSet(true, false)) {
        of.release();
      }
    }

    OutputStream releasingOnWrite(OutputStream body) {
      return new FilterOutputStream(body) {
        @Override
        public void write(int b) throws IOException {
          release();
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          release();
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          release();
          out.flush();
        }

        @Override
        public void close() throws IOException {
          release();
          out.close();
        }
      };
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
