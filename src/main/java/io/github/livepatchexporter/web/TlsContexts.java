package io.github.livepatchexporter.web;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.github.livepatchexporter.config.ConfigException;
import io.github.livepatchexporter.config.WebConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the server's {@link SSLContext} from the PEM files of {@code tls_server_config}. */
final class TlsContexts {
  private static final Pattern PEM_KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]*)-----END \\1PRIVATE KEY-----");

  private TlsContexts() {}

  static SSLContext build(WebConfig.Tls tls) throws ConfigException {
    try {
      List<Certificate> chain = certificates(tls.certFile());
      if (chain.isEmpty()) {
        throw new ConfigException(tls.certFile() + ": no certificate found");
      }
      PrivateKey key = privateKey(tls.keyFile());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pass = new char[0];
      ks.setKeyEntry("server", key, pass, chain.toArray(Certificate[]::new));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), trustManagers(tls), new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException("TLS setup failed: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("TLS setup failed: " + e.getMessage());
    }
  }

  private static TrustManager[] trustManagers(WebConfig.Tls tls)
      throws GeneralSecurityException, IOException, ConfigException {
    switch (tls.clientAuth()) {
      case RequestClientCert, RequireAnyClientCert -> {
        // exporter-toolkit semantics: a client certificate is asked for but not verified.
        return new TrustManager[] {new AcceptAnyClient()};
      }
      default -> {
        if (tls.clientCaFile().isEmpty()) {
          return null;
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        for (Certificate c : certificates(tls.clientCaFile().get())) {
          ts.setCertificateEntry("ca" + i++, c);
        }
        if (i == 0) {
          throw new ConfigException(tls.clientCaFile().get() + ": no certificate found");
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
      }
    }
  }

  private static List<Certificate> certificates(Path file) throws ConfigException {
    try {
      byte[] pem = Files.readAllBytes(file);
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
      return new ArrayList<>(certs);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new ConfigException(file + ": not a PEM certificate: " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(Path file) throws ConfigException {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    Matcher m = PEM_KEY.matcher(pem);
    if (!m.find()) {
      throw new ConfigException(file + ": no PEM private key found");
    }
    if (!m.group(1).isEmpty()) {
      throw new ConfigException(
          file
              + ": "
              + m.group(1).strip()
              + " key in a legacy format: convert it to PKCS#8 with"
              + " 'openssl pkcs8 -topk8 -nocrypt'");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": bad base64 in the private key");
    }
    for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new ConfigException(
        file + ": unsupported or encrypted private key (RSA, EC or Ed25519 in PKCS#8)");
  }

  /** Accepts any client certificate: for RequestClientCert and RequireAnyClientCert only. */
  private static final class AcceptAnyClient implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("not a client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
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
  static HttpsConfigurator configurator(SSLContext ssl, Supplier<WebConfig.Tls> current) {
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
}
