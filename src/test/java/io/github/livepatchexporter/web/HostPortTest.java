package io.github.livepatchexporter.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listening addresses as Prometheus' tools print them (RFC 5952 for IPv6). */
class HostPortTest {
  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, 0.0.0.0:9977",
    "127.0.0.1, 127.0.0.1:9977",
    "::, [::]:9977",
    "::1, [::1]:9977",
    "2001:DB8:0:0:0:0:0:1, [2001:db8::1]:9977",
    "2001:db8:0:1:1:1:1:1, [2001:db8:0:1:1:1:1:1]:9977",
    "1:0:0:2:0:0:0:3, [1:0:0:2::3]:9977",
    "1:0:0:2:2:0:0:3, [1::2:2:0:0:3]:9977",
    "fe80:0:0:0:0:0:0:0, [fe80::]:9977",
  })
  void shortForm(String address, String shown) throws Exception {
    assertEquals(shown, HostPort.of(new InetSocketAddress(InetAddress.getByName(address), 9977)));
  }
}
