package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.github.livepatchexporter.config.WebConfig;
import io.github.livepatchexporter.testutil.Certs;
import io.github.livepatchexporter.testutil.Command;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.PromText;
import io.github.livepatchexporter.testutil.TestServer;
import io.github.livepatchexporter.testutil.Tools;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS, mutual TLS and basic auth from an exporter-toolkit web config, with real clients. */
class TlsAuthTest {
  @TempDir static Path certDir;
  static Certs certs;
  static String hash;

  @TempDir Path tmp;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = Certs.create(certDir);
    hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, "s3cret".toCharArray());
  }

  private TestServer server(String webConfigYaml) throws Exception {
    Path file = certDir.resolve("web-" + System.nanoTime() + ".yml");
    Files.writeString(file, webConfigYaml);
    return TestServer.of(
            Fixtures.roots(Fixtures.copy("patching-stalled", Files.createTempDirectory(tmp, "fx"))))
        .web(WebConfig.load(file))
        .start();
  }

  static String tls(String extra) {
    return "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n" + extra;
  }

  @Test
  void basicAuthOverTls() throws Exception {
    try (TestServer s = server(tls("") + "basic_auth_users:\n  prometheus: " + hash + "\n")) {
      Http http = new Http(certs.client(false));
      HttpResponse<String> ok =
          http.get(s.httpsUrl("/metrics"), "Authorization", Http.basic("prometheus", "s3cret"));
      assertEquals(200, ok.statusCode());
      assertEquals(
          Optional.of(1.0),
          PromText.value(ok.body(), "livepatch_transition_in_progress"),
          ok.body());
      assertEquals(
          401,
          http.get(s.httpsUrl("/metrics"), "Authorization", Http.basic("prometheus", "wrong"))
              .statusCode());
      assertEquals(
          401,
          http.get(s.httpsUrl("/metrics"), "Authorization", Http.basic("nobody", "s3cret"))
              .statusCode());
      HttpResponse<String> none = http.get(s.httpsUrl("/metrics"));
      assertEquals(401, none.statusCode());
      assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
      assertEquals(
          401, http.get(s.httpsUrl("/-/healthy")).statusCode(), "as exporter-toolkit: every path");
    }
  }

  @Test
  void plainHttpToATlsListenerFails() throws Exception {
    try (TestServer s = server(tls(""))) {
      String plain = "http://127.0.0.1:" + s.server.addresses().get(0).getPort() + "/metrics";
      boolean refused;
      try {
        refused = new Http().get(plain).statusCode() != 200;
      } catch (IOException e) {
        refused = true;
      }
      assertTrue(refused, "plain HTTP must not get metrics from a TLS listener");
      assertEquals(200, new Http(certs.client(false)).get(s.httpsUrl("/metrics")).statusCode());
    }
  }

  @Test
  void minimumVersionIsEnforced() throws Exception {
    try (TestServer s = server(tls("  min_version: TLS12\n"))) {
      int port = s.server.addresses().get(0).getPort();
      assertFalse(handshake(port, "-tls1_1"), "TLS 1.1 refused when the minimum is 1.2");
      assertTrue(handshake(port, "-tls1_2"));
    }
    try (TestServer s = server(tls("  min_version: TLS13\n"))) {
      int port = s.server.addresses().get(0).getPort();
      assertFalse(handshake(port, "-tls1_2"), "TLS 1.2 refused when the minimum is 1.3");
      assertTrue(handshake(port, "-tls1_3"));
    }
    try (TestServer s = server(tls("  max_version: TLS12\n"))) {
      int port = s.server.addresses().get(0).getPort();
      assertFalse(handshake(port, "-tls1_3"), "TLS 1.3 refused when the maximum is 1.2");
    }
  }

  @Test
  void mutualTls() throws Exception {
    try (TestServer s =
        server(tls("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"))) {
      assertThrows(
          IOException.class, () -> new Http(certs.client(false)).get(s.httpsUrl("/metrics")));
      assertEquals(200, new Http(certs.client(true)).get(s.httpsUrl("/metrics")).statusCode());
    }
  }

  @Test
  void configuredHeaders() throws Exception {
    try (TestServer s = server("http_server_config:\n  headers:\n    X-Frame-Options: deny\n")) {
      HttpResponse<String> r = new Http().get(s.url("/metrics"));
      assertEquals("deny", r.headers().firstValue("X-Frame-Options").orElse(""));
    }
  }

  /** A real openssl client with only the given protocol version; true if the handshake worked. */
  static boolean handshake(int port, String version) throws Exception {
    List<String> cmd =
        List.of(
            Tools.find("openssl", "openssl").toString(),
            "s_client",
            "-connect",
            "127.0.0.1:" + port,
            "-servername",
            "localhost",
            version,
            "-cipher",
            "DEFAULT@SECLEVEL=0",
            "-CAfile",
            certDir.resolve("ca.crt").toString(),
            "-verify_return_error");
    Command.Result r = Command.of(cmd).timeout(Duration.ofSeconds(30)).run();
    return r.exit() == 0 && r.both().contains("Verify return code: 0 (ok)");
  }
}
