package dev.berth.server.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.ConfigException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only a listening TCP socket is adopted; anything else systemd might pass is named in the error. */
class PassedSocketCheckTest {

  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void needsNettysNativeLibrary() {
    assumeTrue(Epoll.isAvailable(), "needs epoll (Linux)");
  }

  @AfterEach
  void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private Socket open(Socket socket) {
    sockets.add(socket);
    return socket;
  }

  @Test
  void aListeningTcpSocketIsAdopted() throws IOException {
    Socket listening = open(Socket.newSocketStream());
    listening.bind(new InetSocketAddress("127.0.0.1", 0));
    listening.listen(8);

    Socket checked = PassedSocketCheck.requireListeningTcp(new PassedSocket(listening.intValue(), "tcp-0"));

    assertThat(checked.intValue()).isEqualTo(listening.intValue());
    assertThat(checked.localAddress().getPort()).isEqualTo(listening.localAddress().getPort());
  }

  @Test
  void aUdpSocketIsNot() throws IOException {
    Socket udp = open(Socket.newSocketDgram());
    udp.bind(new InetSocketAddress("127.0.0.1", 0));

    assertThatThrownBy(() -> PassedSocketCheck.requireListeningTcp(new PassedSocket(udp.intValue(), "udp-7")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("systemd passed socket \"udp-7\" (fd " + udp.intValue() + "), which is a UDP socket: berth "
            + "adopts listening TCP sockets only (ListenStream= with Accept=no in the socket unit)");
  }

  @Test
  void aTcpSocketThatIsNotListeningIsNot() throws IOException {
    Socket unbound = open(Socket.newSocketStream());

    assertThatThrownBy(() -> PassedSocketCheck.requireListeningTcp(new PassedSocket(unbound.intValue(), "tcp-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("which is a TCP socket that is not listening (Accept=yes passes connections)");
  }

  @Test
  void aUnixSocketIsNot() {
    Socket unix = open(Socket.newSocketDomain());

    assertThatThrownBy(() -> PassedSocketCheck.requireListeningTcp(new PassedSocket(unix.intValue(), "tcp-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("which is a Unix socket");
  }

  @Test
  void aDescriptorThatIsNotOpenIsNot() {
    // Far above the open-files limit: never open.
    assertThatThrownBy(() -> PassedSocketCheck.requireListeningTcp(new PassedSocket(1_000_000, "tcp-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("systemd passed socket \"tcp-1\" (fd 1000000), which is not a socket here (");
  }
}
