package io.github.livepatchexporter.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --web.config.file} in the Prometheus exporter-toolkit format: TLS (PEM certificate and
 * key, client certificates, protocol versions), basic auth users with bcrypt hashes, and response
 * headers. Relative paths are resolved against the file's directory, as exporter-toolkit does.
 */
public record WebConfig(
    Optional<Tls> tls, Map<String, String> basicAuthUsers, Map<String, String> headers) {

  public static final WebConfig NONE = new WebConfig(Optional.empty(), Map.of(), Map.of());

  /** {@code client_auth_type} values. */
  public enum ClientAuth {
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert
  }

  /** {@code tls_server_config}. */
  public record Tls(
      Path certFile,
      Path keyFile,
      ClientAuth clientAuth,
      Optional<Path> clientCaFile,
      String minVersion,
      String maxVersion) {}

  /** TLS version names as exporter-toolkit spells them, and as Java does. */
  public static final Map<String, String> TLS_VERSIONS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");

  static final List<String> VERSION_ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  /** Headers exporter-toolkit allows in {@code http_server_config.headers}. */
  public static final Set<String> HEADERS =
      Set.of(
          "Content-Security-Policy",
          "X-Frame-Options",
          "X-Content-Type-Options",
          "X-XSS-Protection",
          "Strict-Transport-Security");

  public WebConfig {
    basicAuthUsers = Map.copyOf(basicAuthUsers);
    headers = Map.copyOf(headers);
  }

  public static WebConfig load(Path file) throws ConfigException {
    return parse(file.toString(), Yaml.load(file), file.toAbsolutePath().getParent());
  }

  /** The text of a web config named {@code name}; relative paths resolve against {@code dir}. */
  public static WebConfig parse(String name, String text, Path dir) throws ConfigException {
    return parse(name, Yaml.parse(name, text), dir);
  }

  static WebConfig parse(String name, Map<?, ?> doc, Path dir) throws ConfigException {
    Yaml.onlyKeys(
        name,
        doc,
        Set.of("tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"));
    Optional<Tls> tls = Optional.empty();
    if (doc.get("tls_server_config") != null) {
      tls =
          Optional.of(
              tls(name + ": tls_server_config", Yaml.map(name, doc.get("tls_server_config")), dir));
    }
    Map<String, String> users = new LinkedHashMap<>();
    Map<?, ?> u = Yaml.map(name + ": basic_auth_users", doc.get("basic_auth_users"));
    for (Map.Entry<?, ?> e : u.entrySet()) {
      String user = Yaml.string(name + ": basic_auth_users", e.getKey());
      String hash = Yaml.string(name + ": basic_auth_users: " + user, e.getValue());
      if (!hash.matches("\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
        throw new ConfigException(
            name
                + ": basic_auth_users: "
                + user
                + ": not a bcrypt hash (htpasswd -nBC 10 \"\" | tr -d ':\\n')");
      }
      users.put(user, hash);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Map<?, ?> http = Yaml.map(name + ": http_server_config", doc.get("http_server_config"));
    Yaml.onlyKeys(name + ": http_server_config", http, Set.of("headers", "http2"));
    if (http.get("http2") != null) {
      Yaml.bool(name + ": http_server_config: http2", http.get("http2"));
    }
    Map<?, ?> h = Yaml.map(name + ": http_server_config: headers", http.get("headers"));
    Yaml.onlyKeys(name + ": http_server_config: headers", h, HEADERS);
    for (Map.Entry<?, ?> e : h.entrySet()) {
      String value =
          Yaml.string(name + ": http_server_config: headers: " + e.getKey(), e.getValue());
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw new ConfigException(
            name + ": http_server_config: headers: " + e.getKey() + ": must be one line");
      }
      headers.put((String) e.getKey(), value);
    }
    return new WebConfig(tls, users, headers);
  }

  private static Tls tls(String where, Map<?, ?> m, Path dir) throws ConfigException {
    Yaml.onlyKeys(
        where,
        m,
        Set.of(
            "cert_file",
            "key_file",
            "client_auth_type",
            "client_ca_file",
            "min_version",
            "max_version",
            "cipher_suites",
            "prefer_server_cipher_suites",
            "curve_preferences",
            "client_allowed_sans"));
    for (String unsupported :
        List.of("cipher_suites", "curve_preferences", "client_allowed_sans")) {
      if (m.get(unsupported) != null) {
        throw new ConfigException(
            where + ": " + unsupported + " is not supported (the JVM's defaults apply)");
      }
    }
    if (m.get("cert_file") == null || m.get("key_file") == null) {
      throw new ConfigException(where + ": cert_file and key_file are both required");
    }
    Path cert = dir.resolve(Yaml.string(where + ": cert_file", m.get("cert_file")));
    Path key = dir.resolve(Yaml.string(where + ": key_file", m.get("key_file")));
    ClientAuth auth = ClientAuth.NoClientCert;
    if (m.get("client_auth_type") != null) {
      String v = Yaml.string(where + ": client_auth_type", m.get("client_auth_type"));
      try {
        auth = ClientAuth.valueOf(v);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            where
                + ": client_auth_type: unknown value '"
                + v
                + "' (known: "
                + List.of(ClientAuth.values())
                + ")");
      }
    }
    Optional<Path> ca = Optional.empty();
    if (m.get("client_ca_file") != null) {
      ca =
          Optional.of(
              dir.resolve(Yaml.string(where + ": client_ca_file", m.get("client_ca_file"))));
    }
    if ((auth == ClientAuth.VerifyClientCertIfGiven
            || auth == ClientAuth.RequireAndVerifyClientCert)
        && ca.isEmpty()) {
      throw new ConfigException(where + ": client_auth_type " + auth + " needs client_ca_file");
    }
    String min = version(where + ": min_version", m.get("min_version"), "TLS12");
    String max = version(where + ": max_version", m.get("max_version"), "TLS13");
    if (VERSION_ORDER.indexOf(min) > VERSION_ORDER.indexOf(max)) {
      throw new ConfigException(where + ": min_version " + min + " is above max_version " + max);
    }
    return new Tls(cert, key, auth, ca, min, max);
  }

  private static String version(String where, Object value, String dflt) throws ConfigException {
    if (value == null) {
      return dflt;
    }
    String v = Yaml.string(where, value);
    if (!TLS_VERSIONS.containsKey(v)) {
      throw new ConfigException(
          where + ": unknown TLS version '" + v + "' (known: " + VERSION_ORDER + ")");
    }
    return v;
  }
}
