package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpPortTest {

  @Test
  void readsIpv4AndBracketedIpv6WithoutLookingUpNames() throws Exception {
    assertThat(IpPort.parse("192.0.2.7:4711")).isEqualTo(new IpPort(InetAddress.getByName("192.0.2.7"), 4711));
    assertThat(IpPort.parse("[2001:db8:0::7]:80")).hasToString("[2001:db8::7]:80");
    assertThat(IpPort.parse("192.0.2.7:70000").port()).isEqualTo(70000);
  }

  @Test
  void anythingElseIsNotIpPort() {
    for (String bad : new String[] {"192.0.2.7", "2001:db8::7:80", "example.com:80", "[::1]", ":80", "1.2.3.4:x"}) {
      assertThatThrownBy(() -> IpPort.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not IP:PORT: \"" + bad + "\" (e.g. 192.0.2.7:4711 or [2001:db8::7]:4711)");
    }
  }
}
