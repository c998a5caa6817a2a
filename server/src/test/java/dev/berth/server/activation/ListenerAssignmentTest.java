package dev.berth.server.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ConfigException;
import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which listener adopts which passed socket: by name, an unnamed one only when nothing else is possible. */
class ListenerAssignmentTest {

  private static final List<ListenerConfig> ONE = ServerConfig.defaults("port", "12345").listeners();
  private static final List<ListenerConfig> SEVERAL = ServerConfig.defaults(
      "listen", "port=12345\nport=12346,name=admin\nport=12347,protocol=udp").listeners();

  @Test
  void eachSocketGoesToTheListenerOfItsName() {
    Map<String, PassedSocket> assigned = ListenerAssignment.assign(
        List.of(new PassedSocket(3, "admin"), new PassedSocket(4, "tcp-12345")), SEVERAL);

    assertThat(assigned).containsExactly(
        Map.entry("admin", new PassedSocket(3, "admin")), Map.entry("tcp-12345", new PassedSocket(4, "tcp-12345")));
  }

  @Test
  void aListenerNoSocketCameForIsLeftToBind() {
    assertThat(ListenerAssignment.assign(List.of(new PassedSocket(3, "admin")), SEVERAL)).containsOnlyKeys("admin");
  }

  @Test
  void theOneSocketWithoutANameGoesToTheOneTcpListener() {
    assertThat(ListenerAssignment.assign(List.of(new PassedSocket(3, "unknown")), ONE))
        .containsExactly(Map.entry("tcp-12345", new PassedSocket(3, "unknown")));
    assertThat(ListenerAssignment.assign(List.of(new PassedSocket(3, "")), ONE)).containsOnlyKeys("tcp-12345");
    // A UDP listener beside it does not count: it never adopts.
    List<ListenerConfig> tcpAndUdp = ServerConfig.defaults("listen", "port=7\nport=7,protocol=udp").listeners();
    assertThat(ListenerAssignment.assign(List.of(new PassedSocket(3, "unknown")), tcpAndUdp)).containsOnlyKeys("tcp-7");
  }

  @Test
  void aSocketWithoutANameIsAmbiguousAmongSeveral() {
    assertThatThrownBy(() -> ListenerAssignment.assign(List.of(new PassedSocket(3, "unknown")), SEVERAL))
        .isInstanceOf(ConfigException.class)
        .hasMessage("systemd passed socket \"unknown\" (fd 3) without a name, which berth matches to a listener only "
            + "when it is the one socket passed and berth has one TCP listener (here 1 socket, listeners: tcp-12345, "
            + "admin); set FileDescriptorName= in the socket unit to the listener's name");
    assertThatThrownBy(() -> ListenerAssignment.assign(
        List.of(new PassedSocket(3, "unknown"), new PassedSocket(4, "unknown")), ONE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("(here 2 sockets, listeners: tcp-12345)");
  }

  @Test
  void aSocketNoListenerClaimsIsAConfigurationError() {
    assertThatThrownBy(() -> ListenerAssignment.assign(List.of(new PassedSocket(3, "tcp-8080")), ONE))
        .isInstanceOf(ConfigException.class)
        .hasMessage("systemd passed socket \"tcp-8080\" (fd 3), but no listener has that name (listeners: tcp-12345)");
    List<ListenerConfig> udpOnly = ServerConfig.defaults("listen", "port=7,protocol=udp").listeners();
    assertThatThrownBy(() -> ListenerAssignment.assign(List.of(new PassedSocket(3, "tcp-7")), udpOnly))
        .hasMessageEndingWith("(listeners: none on TCP)");
  }

  @Test
  void aUdpListenerIsNotSocketActivated() {
    assertThatThrownBy(() -> ListenerAssignment.assign(List.of(new PassedSocket(3, "udp-12347")), SEVERAL))
        .isInstanceOf(ConfigException.class)
        .hasMessage("systemd passed socket \"udp-12347\" (fd 3) for listener udp-12347, which is UDP: UDP listeners "
            + "are not socket-activated, they bind their own sockets (remove it from the socket unit)");
  }

  @Test
  void aListenerAdoptsOneSocket() {
    assertThatThrownBy(() -> ListenerAssignment.assign(
        List.of(new PassedSocket(3, "tcp-12345"), new PassedSocket(4, "tcp-12345")), ONE))
        .isInstanceOf(ConfigException.class)
        .hasMessage("systemd passed socket \"tcp-12345\" (fd 4) for listener tcp-12345, which already adopts "
            + "\"tcp-12345\" (fd 3): a listener adopts one socket (give each its own name)");
    // Named, and the unnamed one would go to the same listener.
    assertThatThrownBy(() -> ListenerAssignment.assign(
        List.of(new PassedSocket(3, "tcp-12345"), new PassedSocket(4, "unknown")), ONE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("without a name");
  }
}
