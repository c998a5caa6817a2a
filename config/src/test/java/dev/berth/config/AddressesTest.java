package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {

  @Test
  void ipv4AndNamesAreWrittenAsGiven() {
    assertThat(Addresses.format("127.0.0.1", 12345)).isEqualTo("127.0.0.1:12345");
    assertThat(Addresses.format("example.com", 7)).isEqualTo("example.com:7");
  }

  @Test
  void ipv6IsBracketedInItsCompressedForm() {
    assertThat(Addresses.format("::1", 80)).isEqualTo("[::1]:80");
    assertThat(Addresses.format("0:0:0:0:0:0:0:1", 80)).isEqualTo("[::1]:80");
    assertThat(Addresses.format("2001:DB8:0:0:0:0:0:1", 443)).isEqualTo("[2001:db8::1]:443");
    assertThat(Addresses.format("::", 12345)).isEqualTo("[::]:12345");
  }

  @Test
  void socketAddressesUseTheirIpWhenResolved() throws Exception {
    assertThat(Addresses.format(new InetSocketAddress(InetAddress.getByName("::1"), 9)))
        .isEqualTo("[::1]:9");
    assertThat(Addresses.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9)))
        .isEqualTo("127.0.0.1:9");
    assertThat(Addresses.format(InetSocketAddress.createUnresolved("nowhere.invalid", 9)))
        .isEqualTo("nowhere.invalid:9");
  }
}
