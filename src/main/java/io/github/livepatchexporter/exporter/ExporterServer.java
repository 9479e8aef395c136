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
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP(S) listeners: {@code /metrics} through client_java's {@link MetricsHandler} (content
 * negotiation, gzip), {@code /-/healthy}, {@code /-/ready} and a landing page at {@code /}. One
 * bounded pool serves every listener; no handler lets an exception or stack trace reach a client.
 */
public final class ExporterServer implements AutoCloseable {
  /** More headers than any client needs; a request beyond it gets 431. */
  static final int MAX_HEADERS = 100;

  /** Total size of the request headers beyond which a request gets 431. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  static {
    // The JDK server closes the connection without an answer when a request has more headers
    // than this; let them in so that Guard can answer 431. A request that is never completed
    // holds a worker for at most maxReqTime seconds.
    setIfUnset("sun.net.httpserver.maxReqHeaders", "10000");
    setIfUnset("sun.net.httpserver.maxReqTime", "10");
    // The JDK server writes the headers and the body of a response separately; with Nagle on, the
    // body of a kept-alive scrape waits for the client's delayed ACK (40 ms on Linux).
    setIfUnset("sun.net.httpserver.nodelay", "true");
  }

  private static void setIfUnset(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

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
    ExecutorService pool = Executors.newFixedThreadPool(s.maxRequests(), daemonThreads());
    List<HttpServer> servers = new ArrayList<>();
    try {
      for (InetSocketAddress address : s.addresses()) {
        HttpServer server;
        if (ssl != null) {
          HttpsServer https = HttpsServer.create(address, 64);
          https.setHttpsConfigurator(
              configurator(ssl, () -> security.current().config().tls().get()));
          server = https;
        } else {
          server = HttpServer.create(address, 64);
        }
        MetricsHandler metrics =
            new MetricsHandler(
                PrometheusProperties.get(),
                s.registry(),
                HttpErrorHandlingPolicy.builder()
                    .unsafeDebugResponse(false)
                    .errorReporter(e -> s.log().error("scrape failed: " + e))
                    .build());
        List<Filter> filters =
            List.of(new Guard(() -> security.current().config().headers(), s.log()));
        add(server, s.telemetryPath(), metrics, auth, filters);
        add(server, "/-/healthy", text("Exporter is healthy.\n"), auth, filters);
        add(server, "/-/ready", text("Exporter is ready.\n"), auth, filters);
        add(server, "/", landing(s.landingPage(), s.telemetryPath()), auth, filters);
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

  private static void add(
      HttpServer server, String path, HttpHandler h, Authenticator auth, List<Filter> filters) {
    HttpContext ctx = server.createContext(path, h);
    if (auth != null) {
      ctx.setAuthenticator(auth);
    }
    ctx.getFilters().addAll(filters);
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

  private static HttpHandler text(String body) {
    return ex -> respond(ex, 200, "text/plain; charset=utf-8", body);
  }

  private static HttpHandler landing(Supplier<String> page, String telemetryPath) {
    return ex -> {
      if (!ex.getRequestURI().getPath().equals("/")) {
        respond(
            ex,
            404,
            "text/plain; charset=utf-8",
            "Not found. Metrics are at " + telemetryPath + "\n");
        return;
      }
      respond(ex, 200, "text/html; charset=utf-8", page.get());
    };
  }

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
   * Adds the configured headers, allows GET and HEAD only, and turns any exception into a plain 500
   * without details: the cause goes to the log, never to the client.
   */
  private static final class Guard extends Filter {
    private final Supplier<Map<String, String>> headers;
    private final Log log;

    Guard(Supplier<Map<String, String>> headers, Log log) {
      this.headers = headers;
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
        respond(ex, 431, "text/plain; charset=utf-8", "Request header fields too large.\n");
        return;
      }
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(ex, 405, "text/plain; charset=utf-8", "Method not allowed.\n");
        return;
      }
      try {
        chain.doFilter(ex);
      } catch (IOException e) {
        log.debug("request " + ex.getRequestURI().getPath() + ": " + e);
        ex.close();
      } catch (RuntimeException e) {
        log.error("request " + ex.getRequestURI().getPath() + " failed: " + e);
        try {
          respond(
              ex, 500, "text/plain; charset=utf-8", "Internal error; see the exporter's log.\n");
        } catch (IOException | RuntimeException ignored) {
          ex.close();
        }
      }
    }

    @Override
    public String description() {
      return "headers, methods and errors";
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
