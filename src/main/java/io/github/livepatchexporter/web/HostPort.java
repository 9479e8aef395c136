package io.github.livepatchexporter.web;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Addresses as Prometheus' tools print them. */
public final class HostPort {
  private HostPort() {}

  /**
   * {@code host:port} as Prometheus' tools print it: IPv6 in brackets, in its short form ({@code
   * [::]:9977}, not {@code [0:0:0:0:0:0:0:0]:9977}).
   */
  public static String of(InetSocketAddress a) {
    if (a.getAddress() == null) {
      return a.getHostString() + ":" + a.getPort();
    }
    if (a.getAddress() instanceof Inet6Address v6) {
      return "[" + shortIpv6(v6.getAddress()) + "]:" + a.getPort();
    }
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
  static String shortIpv6(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
  }
}
