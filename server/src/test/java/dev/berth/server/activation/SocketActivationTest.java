package dev.berth.server.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.ConfigException;
import dev.berth.config.ServerConfig;
import dev.berth.config.Transport;
import dev.berth.server.transport.NettyTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sd_listen_fds(3) as berth reads it: LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES from a given environment. */
class SocketActivationTest {

  private static final long PID = 4242;

  @Test
  void withoutTheVariablesNothingIsPassed() {
    assertThat(SocketActivation.fromEnvironment(Map.of(), PID).isActivated()).isFalse();
    assertThat(SocketActivation.fromEnvironment(Map.of("LISTEN_FDS", "1"), PID).isActivated())
        .as("LISTEN_PID is required").isFalse();
    assertThat(SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "4242"), PID).isActivated()).isFalse();
  }

  @Test
  void socketsStartAtDescriptorThreeNamedInOrder() {
    SocketActivation activation = SocketActivation.fromEnvironment(
        Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "tcp-12345:admin"), PID);

    assertThat(activation.isActivated()).isTrue();
    assertThat(activation.sockets())
        .containsExactly(new PassedSocket(3, "tcp-12345"), new PassedSocket(4, "admin"));
  }

  @Test
  void socketsWithoutNamesAreUnknownAsSystemdCallsThem() {
    SocketActivation activation = SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "1"), PID);

    assertThat(activation.sockets()).containsExactly(new PassedSocket(3, "unknown"));
    assertThat(activation.sockets().get(0)).hasToString("\"unknown\" (fd 3)");
  }

  @Test
  void variablesForAnotherProcessAreIgnoredEvenWhenMalformed() {
    // A child of an activated process inherits the variables: they are not for it.
    assertThat(SocketActivation.fromEnvironment(
        Map.of("LISTEN_PID", "4241", "LISTEN_FDS", "many", "LISTEN_FDNAMES", "a:b:c"), PID).isActivated()).isFalse();
  }

  @Test
  void noSocketsIsNotActivated() {
    assertThat(SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "0"), PID).isActivated())
        .isFalse();
  }

  @Test
  void malformedVariablesForThisProcessAreConfigurationErrors() {
    assertThatThrownBy(() -> SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "me", "LISTEN_FDS", "1"), PID))
        .isInstanceOf(ConfigException.class).hasMessage("LISTEN_PID: \"me\" (expected: a process id)");
    assertThatThrownBy(() -> SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "-1"), PID))
        .isInstanceOf(ConfigException.class).hasMessage("LISTEN_FDS: \"-1\" (expected: a number of sockets, 0..1024)");
    assertThatThrownBy(() -> SocketActivation.fromEnvironment(
        Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "tcp-1"), PID))
        .isInstanceOf(ConfigException.class)
        .hasMessage("LISTEN_FDNAMES: \"tcp-1\" (expected: 2 names separated by ':', one for each of LISTEN_FDS=2)");
  }

  @Test
  void atMostMaxSockets() {
    assertThat(SocketActivation.fromEnvironment(
        Map.of("LISTEN_PID", "4242", "LISTEN_FDS", Integer.toString(SocketActivation.MAX_SOCKETS)), PID).sockets())
        .hasSize(SocketActivation.MAX_SOCKETS).last().isEqualTo(new PassedSocket(1026, "unknown"));
    assertThatThrownBy(() -> SocketActivation.fromEnvironment(
        Map.of("LISTEN_PID", "4242", "LISTEN_FDS", Integer.toString(SocketActivation.MAX_SOCKETS + 1)), PID))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("LISTEN_FDS: \"1025\"");
  }

  @Test
  void needsATransportThatAdopts() {
    SocketActivation activation = SocketActivation.of(List.of(new PassedSocket(3, "tcp-0")));
    assertThatThrownBy(() -> activation.adoptable(ServerConfig.defaults(), NettyTransport.select(Transport.NIO)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("socket activation (LISTEN_FDS=1 from systemd) needs the epoll transport, which adopts "
            + "listening sockets (this server uses nio)");
  }

  @Test
  void aTakeoverAsWellIsRefused() {
    assumeTrue(NettyTransport.isAvailable(Transport.EPOLL), "needs epoll (Linux)");
    SocketActivation activation = SocketActivation.of(List.of(new PassedSocket(3, "tcp-0")));
    ServerConfig takeover = ServerConfig.defaults("takeover-from", "/run/berth/control.sock");
    assertThatThrownBy(() -> activation.adoptable(takeover, NettyTransport.select(Transport.EPOLL)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--takeover-from: not with socket activation (LISTEN_FDS=1 from systemd)");
  }

  @Test
  void notActivatedAdoptsNothing() {
    assertThat(SocketActivation.NONE.adoptable(ServerConfig.defaults(), NettyTransport.select(Transport.NIO))).isEmpty();
  }
}
