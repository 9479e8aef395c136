package io.github.livepatchexporter.testutil;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A real Prometheus server (Debian package prometheus) on a loopback port, for one test. */
public final class Prometheus implements AutoCloseable {
  private static final Pattern FIRST_VALUE =
      Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]*)\"\\]");

  private final LocalServer server;
  private final Http http = new Http();
  public final int port;

  private Prometheus(LocalServer server) {
    this.server = server;
    this.port = server.port;
  }

  /** Starts Prometheus with {@code config} (YAML) in {@code dir} and waits until it is ready. */
  public static Prometheus start(Path dir, String config) throws Exception {
    return start(dir, config, List.of());
  }

  /** As {@link #start(Path, String)}, with more of Prometheus' flags. */
  public static Prometheus start(Path dir, String config, List<String> flags) throws Exception {
    Path configFile = dir.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    String prometheus = Tools.find("prometheus", "prometheus").toString();
    return new Prometheus(
        LocalServer.start(
            "Prometheus",
            port ->
                Stream.concat(
                        Stream.of(
                            prometheus,
                            "--config.file=" + configFile,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn"),
                        flags.stream())
                    .toList(),
            dir.resolve("prometheus.log"),
            "/-/ready",
            Duration.ofSeconds(60),
            ""));
  }

  public String url(String path) {
    return server.url(path);
  }

  /** The first sample of an instant query, if any. */
  public Optional<String> query(String promql) throws Exception {
    HttpResponse<String> r =
        http.get(url("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    if (r.statusCode() != 200) {
      throw new AssertionError("query " + promql + ": " + r.statusCode() + " " + r.body());
    }
    Matcher m = FIRST_VALUE.matcher(r.body());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The series of an instant query (a scalar result counts as one), failing with Prometheus' error
   * when the query is rejected.
   */
  public List<Object> series(String promql) throws Exception {
    return result("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The series of a range query over the last {@code range}, one point per second. */
  public List<Object> seriesOver(String promql, Duration range) throws Exception {
    long end = System.currentTimeMillis() / 1000;
    return result(
        "/api/v1/query_range?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start="
            + (end - range.toSeconds())
            + "&end="
            + end
            + "&step=1");
  }

  private List<Object> result(String path) throws Exception {
    HttpResponse<String> r = http.get(url(path));
    Map<String, Object> body = YamlTree.map(YamlTree.parse(r.body()));
    if (r.statusCode() != 200 || !"success".equals(body.get("status"))) {
      throw new AssertionError(path + ": " + r.statusCode() + " " + r.body());
    }
    Map<String, Object> data = YamlTree.map(body.get("data"));
    if ("scalar".equals(data.get("resultType")) || "string".equals(data.get("resultType"))) {
      return List.of(data.get("result"));
    }
    return YamlTree.list(data.get("result"));
  }

  /** Polls {@code promql} until it returns {@code expected}, or fails after {@code timeout}. */
  public void awaitValue(String promql, String expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<String> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = query(promql);
      if (last.equals(Optional.of(expected))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        promql
            + " = "
            + last
            + ", expected "
            + expected
            + "; targets: "
            + new Http().get(url("/api/v1/targets")).body()
            + "\nlog:\n"
            + log());
  }

  /** host:port, as a scrape configuration names it. */
  public String target() {
    return server.target();
  }

  public String log() throws IOException {
    return server.log();
  }

  @Override
  public void close() {
    server.close();
  }

  /** YAML list helper. */
  public static String targets(List<String> hostPorts) {
    return "[" + String.join(", ", hostPorts.stream().map(h -> "'" + h + "'").toList()) + "]";
  }
}
