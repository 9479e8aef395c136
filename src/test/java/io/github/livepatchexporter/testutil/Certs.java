package io.github.livepatchexporter.testutil;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA, a server certificate for localhost and 127.0.0.1, and a client certificate, made by
 * the real openssl in a directory: ca.crt, server.crt, server.key, client.crt, client.key,
 * client.p12 (password "changeit").
 */
public final class Certs {
  public final Path dir;

  private Certs(Path dir) {
    this.dir = dir;
  }

  public static Certs create(Path dir) throws IOException, InterruptedException {
    String openssl = Tools.find("openssl", "openssl").toString();
    String ec = "ec -pkeyopt ec_paramgen_curve:prime256v1";
    Files.writeString(
        dir.resolve("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
    run(
        dir,
        openssl
            + " req -x509 -newkey "
            + ec
            + " -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=livepatch-test-ca");
    for (String who : List.of("server", "client")) {
      run(
          dir,
          openssl
              + " req -newkey "
              + ec
              + " -nodes -keyout "
              + who
              + ".key -out "
              + who
              + ".csr -subj /CN="
              + (who.equals("server") ? "localhost" : "prometheus"));
      run(
          dir,
          openssl
              + " x509 -req -in "
              + who
              + ".csr -CA ca.crt -CAkey ca.key -CAcreateserial -out "
              + who
              + ".crt -days 2 -extfile "
              + who
              + ".ext");
    }
    run(
        dir,
        openssl
            + " pkcs12 -export -in client.crt -inkey client.key -out client.p12 -passout pass:changeit");
    return new Certs(dir);
  }

  private static void run(Path dir, String command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    Command.Result r = Command.of(args).dir(dir).run();
    if (r.exit() != 0) {
      throw new AssertionError(command + " failed:\n" + r.both());
    }
  }

  /** A client context trusting the test CA, presenting the client certificate if asked to. */
  public SSLContext client(boolean withCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withCertificate) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = new FileInputStream(dir.resolve("client.p12").toFile())) {
        ks.load(in, "changeit".toCharArray());
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "changeit".toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
