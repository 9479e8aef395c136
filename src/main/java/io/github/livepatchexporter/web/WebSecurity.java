package io.github.livepatchexporter.web;

import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The web config in force, re-read when its file or the certificate files it names change, as
 * exporter-toolkit re-reads it per request: a new password or a renewed certificate takes effect
 * without a restart. A broken file on reload keeps the last good configuration and logs one line.
 * Whether TLS is on at all is fixed at start: the listener's kind cannot change.
 */
final class WebSecurity {
  /** One consistent configuration: the parsed file, its TLS context and its user check. */
  record Active(WebConfig config, SSLContext ssl, BcryptAuthenticator users) {}

  private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

  private final Optional<Path> file;
  private final Log log;
  private volatile Active active;
  private volatile List<Object> stamp;
  private volatile long lastCheck;

  private WebSecurity(Optional<Path> file, Active active, List<Object> stamp, Log log) {
    this.file = file;
    this.active = active;
    this.stamp = stamp;
    this.log = log;
    this.lastCheck = System.nanoTime();
  }

  /** A fixed configuration (tests, or no file). */
  static WebSecurity fixed(WebConfig config, Log log) throws ConfigException {
    return new WebSecurity(Optional.empty(), build(config), List.of(), log);
  }

  /** The configuration of {@code file}, watched for changes. */
  static WebSecurity watching(Path file, Log log) throws ConfigException {
    WebConfig config = WebConfig.load(file);
    return new WebSecurity(Optional.of(file), build(config), stamp(file, config), log);
  }

  /** The configuration for this request: re-read first when a watched file changed. */
  Active current() {
    if (file.isPresent() && System.nanoTime() - lastCheck > CHECK_INTERVAL_NANOS) {
      reloadIfChanged();
    }
    return active;
  }

  /** Checks the files now; used by requests and by tests that cannot wait. */
  synchronized void reloadIfChanged() {
    lastCheck = System.nanoTime();
    Path f = file.orElseThrow();
    List<Object> now = stamp(f, active.config());
    if (now.equals(stamp)) {
      return;
    }
    stamp = now;
    try {
      WebConfig config = WebConfig.load(f);
      if (config.tls().isPresent() != active.config().tls().isPresent()) {
        throw new ConfigException("turning TLS on or off needs a restart");
      }
      active = build(config);
      stamp = stamp(f, config);
      log.info("web config reloaded from " + f);
    } catch (ConfigException e) {
      log.error("web config not reloaded, keeping the last good one: " + e.getMessage());
    }
  }

  private static Active build(WebConfig config) throws ConfigException {
    SSLContext ssl = config.tls().isPresent() ? TlsContexts.build(config.tls().get()) : null;
    Map<String, String> users = config.basicAuthUsers();
    return new Active(config, ssl, users.isEmpty() ? null : new BcryptAuthenticator(users));
  }

  /** A digest of the config file and of the files it names (all small). */
  private static List<Object> stamp(Path file, WebConfig config) {
    List<Path> files = new ArrayList<>(List.of(file));
    config
        .tls()
        .ifPresent(
            t -> {
              files.add(t.certFile());
              files.add(t.keyFile());
              t.clientCaFile().ifPresent(files::add);
            });
    List<Object> stamp = new ArrayList<>();
    for (Path p : files) {
      try {
        stamp.add(java.util.Arrays.hashCode(Files.readAllBytes(p)));
      } catch (IOException e) {
        stamp.add("unreadable " + p);
      }
    }
    return stamp;
  }
}
