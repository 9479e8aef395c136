package io.github.livepatchexporter.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code --web.listen-address}: {@code :9977}, {@code 127.0.0.1:9977}, {@code [::1]:9977}, {@code
 * host:9977}.
 */
final class ListenAddress {
  private ListenAddress() {}

  static InetSocketAddress parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw bad(value, "expected [host]:port");
    }
    String host = value.substring(0, colon);
    String portText = value.substring(colon + 1);
    if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65535) {
      throw bad(value, "port must be a number from 0 to 65535");
    }
    int port = Integer.parseInt(portText);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw bad(value, "write an IPv6 address in brackets, as [::1]:9977");
    }
    if (host.isEmpty()) {
      return new InetSocketAddress(port);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw bad(value, "unknown host '" + host + "'");
    }
  }

  private static CliException bad(String value, String why) {
    return new CliException("--web.listen-address: '" + value + "': " + why, ExitCodes.USAGE);
  }
}
