package dev.berth.server.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.ServerConfig;
import dev.berth.config.Transport;
import dev.berth.server.transport.NettyTransport;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A successor's listener adopts the listening sockets a predecessor's listener on the same host
 * and port handed over, instead of binding sockets of its own: with SO_REUSEPORT such a bind
 * succeeds, and the kernel would go on queueing connections on the predecessor's sockets, which
 * nobody accepts any more and its exit resets.
 */
class ListenerAdoptionTest {

  private EventLoopGroup group;
  private Listener predecessor;
  private Listener successor;

  @BeforeEach
  void needsEpoll() {
    assumeTrue(Epoll.isAvailable(), "skipped: listening sockets are adopted with the epoll transport");
    group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
  }

  @AfterEach
  void stop() {
    if (successor != null) {
      successor.stop(false); // closes the sockets, which both listeners hold as the same descriptors
    }
    if (predecessor != null) {
      predecessor.stop(false);
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** 0.0.0.0, the default host, is bound as a dual-stack socket on ::, and reads back so. */
  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "::"})
  void theListenerOnTheSameHostAndPortAdoptsTheSockets(String host) throws Exception {
    assumeTrue(!host.contains(":") || Socket.isIPv6Preferred(), "skipped: no IPv6 here");
    predecessor = listener(host, 0);
    predecessor.bind();
    List<String> handedOver = sockets(predecessor.descriptors());
    int port = predecessor.boundAddress().getPort();
    // The predecessor stops accepting, as after READY; in one process both listeners then hold
    // the same descriptors instead of copies received over the control socket.
    predecessor.stop(true);

    successor = listener(host, port);
    new Listeners(List.of(successor), List.of()).bindOrAdopt(predecessor.descriptors());

    assertThat(handedOver).hasSize(2); // SO_REUSEPORT: one socket per event loop
    assertThat(sockets(successor.descriptors())).as("the successor's sockets").isEqualTo(handedOver);
    assertThat(successor.othersOnTheirAddress()).as("other sockets on the port").isZero();
  }

  private Listener listener(String host, int port) {
    ServerConfig config = ServerConfig.defaults("host", host, "port", Integer.toString(port), "io-threads", "2");
    return new Listener(config.listeners().get(0), config, NettyTransport.select(Transport.EPOLL), group, true,
        new ChannelInboundHandlerAdapter());
  }

  /**
   * The sockets behind {@code descriptors}, as the kernel names them ({@code socket:[inode]}): a
   * socket bound anew may get the number of a descriptor just closed, never its inode.
   */
  private static List<String> sockets(List<FileDescriptor> descriptors) throws IOException {
    List<String> sockets = new ArrayList<>();
    for (FileDescriptor descriptor : descriptors) {
      sockets.add(Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor.intValue())).toString());
    }
    return sockets;
  }
}
