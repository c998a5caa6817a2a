package dev.berth.server.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.testing.Await;
import dev.berth.config.ServerConfig;
import dev.berth.config.Transport;
import dev.berth.server.transport.NettyTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing the listening sockets in a graceful stop: what the kernel had already queued is
 * accepted first, so those clients are served instead of reset. The accept queue is filled for
 * real, by connecting while the listener's only event loop is held busy.
 */
class ListenerTest {

  private static final int QUEUED = 20;

  private EventLoopGroup group;
  private Listener listener;
  private final List<Socket> clients = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void bindOneListener() throws Exception {
    assumeTrue(Epoll.isAvailable(), "skipped: the accept queue is read through /proc, with the epoll transport");
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    ServerConfig config = ServerConfig.defaults("host", "127.0.0.1", "port", "0", "io-threads", "1");
    listener = new Listener(config.listeners().get(0), config, NettyTransport.select(Transport.EPOLL), group, false,
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel accepted) {
            // Served: one byte, then FIN; the client reads it and EOF, never a reset.
            accepted.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'A'}))
                .addListener(ChannelFutureListener.CLOSE);
          }
        });
    listener.bind();
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    for (Socket client : clients) {
      client.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  @Timeout(30)
  void connectionsQueuedAtTheStopAreAcceptedBeforeTheSocketCloses() throws Exception {
    InetSocketAddress address = listener.boundAddress();
    queueConnections(address);

    CompletableFuture<Integer> queuedAtClose = closeWhileTheLoopIsHeld(Duration.ofSeconds(10));

    assertThat(queuedAtClose.get(20, TimeUnit.SECONDS)).isZero();
    for (Socket client : clients) {
      assertThat(readAll(client)).isEqualTo("A"); // served, then a FIN
    }
    assertThatThrownBy(() -> new Socket().connect(address, 5000)).isInstanceOf(ConnectException.class);
  }

  @Test
  @Timeout(30)
  void pastTheLimitTheSocketClosesWithWhatIsStillQueued() throws Exception {
    queueConnections(listener.boundAddress());

    CompletableFuture<Integer> queuedAtClose = closeWhileTheLoopIsHeld(Duration.ZERO);

    // What a careless stop does: the kernel resets every connection still in the queue.
    assertThat(queuedAtClose.get(20, TimeUnit.SECONDS)).isEqualTo(QUEUED);
    for (Socket client : clients) {
      assertThatThrownBy(() -> readAll(client)).isInstanceOf(SocketException.class).hasMessageContaining("reset");
    }
  }

  /** Holds the loop, then connects: the kernel completes the handshakes and queues them. */
  private void queueConnections(InetSocketAddress address) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    group.next().execute(() -> {
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    held.await();
    for (int i = 0; i < QUEUED; i++) {
      Socket client = new Socket();
      client.setSoTimeout(10_000);
      client.connect(address, 5000);
      clients.add(client);
    }
    Await.until(QUEUED + " connections in the accept queue", () -> listener.queued() == QUEUED);
  }

  /** Starts the close, and lets the loop go once the close waits on it. */
  private CompletableFuture<Integer> closeWhileTheLoopIsHeld(Duration limit) {
    CompletableFuture<Thread> closer = new CompletableFuture<>();
    CompletableFuture<Integer> queuedAtClose = CompletableFuture.supplyAsync(() -> {
      closer.complete(Thread.currentThread());
      return listener.closeAfterAcceptingQueued(limit).join();
    });
    Thread thread = closer.join();
    Await.until("the close waiting on the event loop", () -> thread.getState() == Thread.State.WAITING);
    release.countDown();
    return queuedAtClose;
  }

  private static String readAll(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
  }
}
