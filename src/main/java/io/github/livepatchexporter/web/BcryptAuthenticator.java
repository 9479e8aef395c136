package io.github.livepatchexporter.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * HTTP basic auth against the bcrypt hashes of {@code basic_auth_users}. An unknown user is checked
 * against a dummy hash of the same cost, so the time taken does not tell which users exist.
 * Successful checks are remembered (by a digest of user, hash and password) because a bcrypt
 * comparison costs tens of milliseconds and Prometheus sends the same credentials every scrape.
 */
final class BcryptAuthenticator {
  static final String REALM = "livepatch_exporter";
  private static final int CACHE_SIZE = 64;
  private final Map<String, String> users;
  private final String dummyHash;
  private final Set<String> verified =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > CACHE_SIZE;
                }
              }));

  BcryptAuthenticator(Map<String, String> users) {
    this.users = Map.copyOf(users);
    int cost = users.values().stream().findFirst().map(BcryptAuthenticator::cost).orElse(10);
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    this.dummyHash =
        BCrypt.withDefaults()
            .hashToString(cost, Base64.getEncoder().encodeToString(random).toCharArray());
  }

  boolean check(String user, String password) {
    String hash = users.get(user);
    boolean known = hash != null;
    String against = known ? hash : dummyHash;
    String key = digest(user, against, password);
    if (known && verified.contains(key)) {
      return true;
    }
    boolean ok = BCrypt.verifyer().verify(password.toCharArray(), against.toCharArray()).verified;
    if (ok && known) {
      verified.add(key);
    }
    return ok && known;
  }

  /**
   * The HTTP side: reads {@code Authorization: Basic}, asks the users in force for this request
   * (none configured: everyone is let in), answers 401 with a challenge otherwise.
   */
  static Authenticator http(Supplier<BcryptAuthenticator> users) {
    return new Authenticator() {
      @Override
      public Result authenticate(HttpExchange ex) {
        BcryptAuthenticator current = users.get();
        if (current == null) {
          return new Success(new HttpPrincipal("", REALM));
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
          try {
            String decoded =
                new String(
                    Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon >= 0) {
              String user = decoded.substring(0, colon);
              if (current.check(user, decoded.substring(colon + 1))) {
                return new Success(new HttpPrincipal(user, REALM));
              }
            }
          } catch (IllegalArgumentException e) {
            // not base64: the same 401 as a wrong password
          }
        }
        ex.getResponseHeaders()
            .set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        return new Failure(401);
      }
    };
  }

  private static int cost(String hash) {
    try {
      return Integer.parseInt(hash.substring(4, 6));
    } catch (RuntimeException e) {
      return 10;
    }
  }

  private static String digest(String user, String hash, String password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(user.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(hash.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(password.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
