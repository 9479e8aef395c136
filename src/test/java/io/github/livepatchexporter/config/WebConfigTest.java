package io.github.livepatchexporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebConfigTest {
  static final Path DIR = Path.of("/etc/livepatch");
  static final String HASH = "$2y$10$" + "a".repeat(53);

  static WebConfig parse(String yaml) throws ConfigException {
    return WebConfig.parse("web.yml", Yaml.parse("web.yml", yaml), DIR);
  }

  @Test
  void fullConfig() throws Exception {
    WebConfig c =
        parse(
            "tls_server_config:\n  cert_file: tls/server.crt\n  key_file: /abs/server.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
                + "  min_version: TLS13\n"
                + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
                + "basic_auth_users:\n  alice: "
                + HASH
                + "\n");
    WebConfig.Tls tls = c.tls().orElseThrow();
    assertEquals(DIR.resolve("tls/server.crt"), tls.certFile(), "relative to the file's directory");
    assertEquals(Path.of("/abs/server.key"), tls.keyFile());
    assertEquals(Optional.of(DIR.resolve("ca.crt")), tls.clientCaFile());
    assertEquals("TLS13", tls.minVersion());
    assertEquals("TLS13", tls.maxVersion());
    assertEquals(Map.of("X-Frame-Options", "deny"), c.headers());
    assertEquals(Map.of("alice", HASH), c.basicAuthUsers());
  }

  @Test
  void emptyFileMeansNothing() throws Exception {
    assertEquals(WebConfig.NONE, parse(""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown top-level key   | tlsconfig: {}                                       | unknown key 'tlsconfig'",
        "not a mapping           | '- a'                                               | expected a mapping at the top level",
        "bad YAML                | 'a: [b'                                             | invalid YAML",
        "duplicate key           | 'basic_auth_users: {}\nbasic_auth_users: {}'         | invalid YAML",
        "missing key file        | 'tls_server_config: {cert_file: a}'                 | cert_file and key_file are both required",
        "unknown client auth     | 'tls_server_config: {cert_file: a, key_file: b, client_auth_type: Maybe}' | client_auth_type: unknown value 'Maybe'",
        "verify without a CA     | 'tls_server_config: {cert_file: a, key_file: b, client_auth_type: RequireAndVerifyClientCert}' | needs client_ca_file",
        "unknown TLS version     | 'tls_server_config: {cert_file: a, key_file: b, min_version: SSL3}' | unknown TLS version 'SSL3'",
        "min above max           | 'tls_server_config: {cert_file: a, key_file: b, min_version: TLS13, max_version: TLS12}' | min_version TLS13 is above max_version TLS12",
        "cipher suites           | 'tls_server_config: {cert_file: a, key_file: b, cipher_suites: [X]}' | cipher_suites is not supported",
        "plain password          | 'basic_auth_users: {alice: secret}'                 | not a bcrypt hash",
        "numeric password        | 'basic_auth_users: {alice: 12}'                     | expected a non-empty string",
        "unknown header          | 'http_server_config: {headers: {X-Evil: 1}}'        | unknown key 'X-Evil'",
        "http2 not a bool        | 'http_server_config: {http2: maybe}'                | http2: expected true or false",
      })
  void rejects(String name, String yaml, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
    assertTrue(e.getMessage().startsWith("web.yml"), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void missingFile() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> WebConfig.load(Path.of("/nonexistent/web.yml")));
    assertEquals("/nonexistent/web.yml: no such file", e.getMessage());
  }
}
