package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.github.livepatchexporter.testutil.Certs;
import io.github.livepatchexporter.testutil.Fixtures;
import io.github.livepatchexporter.testutil.Http;
import io.github.livepatchexporter.testutil.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials: wrong and unknown users cost the same; a changed web config (password, certificate)
 * takes effect without a restart; a broken one is refused on reload, the last good one is kept.
 */
class CredentialsIT {
  @TempDir Path tmp;

  static String hash(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, password.toCharArray());
  }

  private TestServer server(Path webConfig) throws Exception {
    return TestServer.of(Fixtures.roots(Fixtures.copy("one-enabled", tmp)))
        .webConfigFile(webConfig)
        .start();
  }

  @Test
  void wrongAndUnknownUsersTakeTheSameTime() throws Exception {
    Path web = tmp.resolve("web.yml");
    Files.writeString(web, "basic_auth_users:\n  prometheus: " + hash("right") + "\n");
    try (TestServer s = server(web)) {
      Http http = new Http();
      int rounds = 15;
      long[] wrong = new long[rounds];
      long[] unknown = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        wrong[i] = time(http, s, "prometheus", "wrong-" + i);
        unknown[i] = time(http, s, "intruder-" + i, "wrong-" + i);
      }
      double ratio = (double) median(wrong) / median(unknown);
      System.out.printf(
          "credentials: median 401 time, wrong password %.1f ms, unknown user %.1f ms, ratio %.2f%n",
          median(wrong) / 1e6, median(unknown) / 1e6, ratio);
      assertTrue(ratio > 0.6 && ratio < 1.67, "within noise: ratio " + ratio);
      assertTrue(median(unknown) > 10_000_000L, "the unknown user was checked against a real hash");
    }
  }

  private static long time(Http http, TestServer s, String user, String password) throws Exception {
    long start = System.nanoTime();
    int status =
        http.get(s.url("/metrics"), "Authorization", Http.basic(user, password)).statusCode();
    long took = System.nanoTime() - start;
    assertEquals(401, status);
    return took;
  }

  private static long median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  @Test
  void aNewPasswordTakesEffectWithoutARestart() throws Exception {
    Path web = tmp.resolve("web.yml");
    Files.writeString(web, "basic_auth_users:\n  prometheus: " + hash("old") + "\n");
    try (TestServer s = server(web)) {
      Http http = new Http();
      assertEquals(
          200,
          http.get(s.url("/metrics"), "Authorization", Http.basic("prometheus", "old"))
              .statusCode());
      Files.writeString(web, "basic_auth_users:\n  prometheus: " + hash("new") + "\n");
      awaitStatus(http, s.url("/metrics"), Http.basic("prometheus", "new"), 200);
      assertEquals(
          401,
          http.get(s.url("/metrics"), "Authorization", Http.basic("prometheus", "old"))
              .statusCode());

      // A broken file keeps the last good one and says so once.
      Files.writeString(web, "basic_auth_users: [this is: not valid\n");
      Thread.sleep(1500);
      for (int i = 0; i < 5; i++) {
        assertEquals(
            200,
            http.get(s.url("/metrics"), "Authorization", Http.basic("prometheus", "new"))
                .statusCode());
      }
      long lines = s.log().lines().filter(l -> l.contains("web config not reloaded")).count();
      assertEquals(1, lines, s.log());
    }
  }

  @Test
  void aNewCertificateTakesEffectWithoutARestart() throws Exception {
    Path first = Files.createDirectories(tmp.resolve("first"));
    Path second = Files.createDirectories(tmp.resolve("second"));
    Certs a = Certs.create(first);
    Certs b = Certs.create(second);
    Path dir = Files.createDirectories(tmp.resolve("conf"));
    Files.copy(first.resolve("server.crt"), dir.resolve("server.crt"));
    Files.copy(first.resolve("server.key"), dir.resolve("server.key"));
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    try (TestServer s = server(web)) {
      assertEquals(200, new Http(a.client(false)).get(s.httpsUrl("/metrics")).statusCode());
      X509Certificate before = served(s, a);
      Files.copy(
          second.resolve("server.crt"),
          dir.resolve("server.crt"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(
          second.resolve("server.key"),
          dir.resolve("server.key"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      List<String> errors = new ArrayList<>();
      boolean renewed = false;
      while (!renewed && System.nanoTime() < deadline) {
        try {
          renewed = new Http(b.client(false)).get(s.httpsUrl("/metrics")).statusCode() == 200;
        } catch (java.io.IOException e) {
          errors.add(e.toString());
          Thread.sleep(250);
        }
      }
      assertTrue(renewed, "the renewed certificate is served: " + errors);
      assertTrue(!before.equals(served(s, b)), "a different certificate");
    }
  }

  private static X509Certificate served(TestServer s, Certs trust) throws Exception {
    HttpsURLConnection c =
        (HttpsURLConnection) java.net.URI.create(s.httpsUrl("/-/healthy")).toURL().openConnection();
    c.setSSLSocketFactory(trust.client(false).getSocketFactory());
    c.getResponseCode();
    X509Certificate cert = (X509Certificate) c.getServerCertificates()[0];
    c.disconnect();
    return cert;
  }

  private static void awaitStatus(Http http, String url, String auth, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = http.get(url, "Authorization", auth).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("status " + last + ", expected " + status);
  }
}
