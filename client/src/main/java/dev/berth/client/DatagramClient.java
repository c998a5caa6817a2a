package dev.berth.client;

import dev.berth.config.Addresses;
import dev.berth.config.BenchOptions;
import dev.berth.config.ClientConfig;
import dev.berth.config.Durations;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An exchange of UDP datagrams with a server: each message is one datagram, each datagram
 * received is one reply, handed to the {@link MessageListener} as it comes.
 *
 * <p>UDP has no end of stream, so the exchange ends when the server has sent as many datagrams as
 * the client did, or, after {@link #finish()}, once no datagram has come for the timeout (the
 * silence is counted from the later of the finish and the last datagram received): then the
 * datagrams still unanswered are reported as an error, since a request or its reply was lost, or
 * the server does not answer. Nothing is resent. An ICMP port unreachable (nothing listens on the
 * port) ends it at once.
 *
 * <p>One thread at a time may call {@link #send}; the client owns one I/O thread, released by
 * {@link #close}.
 */
public final class DatagramClient implements MessageClient {

  /** Largest datagram payload: 65,535 less the IPv4 and UDP headers. */
  public static final int MAX_DATAGRAM = BenchOptions.MAX_DATAGRAM;
  /** Each read takes one datagram of at most this many bytes, the most UDP carries. */
  private static final int RECEIVE_BUFFER = 65_536;

  private final ClientConfig config;
  private final String target;
  private final MessageListener listener;
  private final EventLoopGroup group;
  private final Channel channel;
  private final Promise<Void> done;

  // Written on the I/O thread only; read by stats() from any thread.
  private volatile long sent;
  private volatile long received;
  private boolean finished;
  private long lastReceivedAt;

  private DatagramClient(ClientConfig config, MessageListener listener) {
    this.config = config;
    this.target = Addresses.format(config.host(), config.port());
    this.listener = listener;
    ClientTransport transport = ClientTransport.best();
    this.group = transport.newGroup(1);
    this.done = group.next().newPromise();
    Bootstrap bootstrap = transport.datagramBootstrap(group, RECEIVE_BUFFER).handler(new Replies());
    ChannelFuture connect = bootstrap.connect(config.host(), config.port()).awaitUninterruptibly();
    if (!connect.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw ClientException.connectFailed(target, connect.cause());
    }
    this.channel = connect.channel();
  }

  /**
   * Opens a UDP socket that sends to and receives from {@code config}'s server only.
   *
   * @throws ClientException when the host does not resolve
   */
  public static DatagramClient open(ClientConfig config, MessageListener listener) {
    return new DatagramClient(Objects.requireNonNull(config, "config"), Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Sends {@code payload} as one datagram.
   *
   * @throws IllegalArgumentException when it is empty (Netty sends no empty datagram) or longer
   *     than {@link #MAX_DATAGRAM}
   * @throws ClientException when the exchange has failed (the port is unreachable, say)
   */
  @Override
  public void send(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    if (payload.length == 0) {
      throw new IllegalArgumentException("an empty message, which cannot be sent as a UDP datagram");
    }
    if (payload.length > MAX_DATAGRAM) {
      throw new IllegalArgumentException("message of " + payload.length + " bytes, more than one UDP datagram "
          + "carries (" + MAX_DATAGRAM + ")");
    }
    throwIfFailed();
    // Waits for the write, so a fast producer cannot queue without bound; a datagram is quick to write.
    channel.eventLoop().submit(() -> {
      sent++;
      return channel.writeAndFlush(Unpooled.wrappedBuffer(payload));
    }).syncUninterruptibly().getNow().awaitUninterruptibly();
    throwIfFailed();
  }

  /** Sends {@code message} encoded as UTF-8; see {@link #send(byte[])}. */
  public void send(String message) {
    send(message.getBytes(StandardCharsets.UTF_8));
  }

  /** Nothing more will be sent: the exchange ends once every datagram is answered, or after the silence. */
  @Override
  public void finish() {
    channel.eventLoop().execute(() -> {
      finished = true;
      lastReceivedAt = System.nanoTime();
      endIfAnswered();
    });
  }

  /** Waits until every datagram is answered, or for the configured timeout of silence after {@link #finish()}. */
  @Override
  public void awaitClosed() {
    awaitClosed(config.timeout());
  }

  /**
   * Waits until every datagram is answered, or until no datagram has come for {@code silence}
   * ({@link Duration#ZERO}: waits as long as it takes).
   *
   * @throws ClientException when datagrams are left unanswered, or the port is unreachable
   */
  @Override
  public void awaitClosed(Duration silence) {
    Objects.requireNonNull(silence, "silence");
    if (!silence.isZero()) {
      channel.eventLoop().execute(() -> watchSilence(silence));
    }
    done.awaitUninterruptibly();
    throwIfFailed();
  }

  @Override
  public boolean isClosed() {
    return done.isDone();
  }

  @Override
  public ClientStats stats() {
    return new ClientStats(sent, received, 0, 0);
  }

  @Override
  public void close() {
    if (group.isShuttingDown()) {
      return;
    }
    done.tryFailure(new ClientException(ClientException.Kind.IO, "client closed"));
    channel.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void watchSilence(Duration silence) {
    if (done.isDone()) {
      return;
    }
    long quietFor = System.nanoTime() - lastReceivedAt;
    if (quietFor >= silence.toNanos()) {
      long unanswered = sent - received;
      done.tryFailure(new ClientException(ClientException.Kind.TIMEOUT, "no reply to " + unanswered + " of " + sent
          + (sent == 1 ? " datagram" : " datagrams") + " from " + target + " over UDP within "
          + Durations.format(silence) + " (a datagram or its reply was lost, or the server does not answer; "
          + "UDP does not resend)"));
      return;
    }
    channel.eventLoop().schedule(() -> watchSilence(silence), silence.toNanos() - quietFor, TimeUnit.NANOSECONDS);
  }

  private void endIfAnswered() {
    if (finished && received >= sent && done.trySuccess(null)) {
      channel.close();
    }
  }

  private void throwIfFailed() {
    Throwable cause = done.cause();
    if (cause instanceof ClientException) {
      throw (ClientException) cause;
    }
  }

  /** Every datagram received is a reply; an ICMP port unreachable ends the exchange. */
  private final class Replies extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf content = msg instanceof DatagramPacket ? ((DatagramPacket) msg).content() : (ByteBuf) msg;
      byte[] payload;
      try {
        payload = ByteBufUtil.getBytes(content);
      } finally {
        ReferenceCountUtil.release(msg);
      }
      if (done.isDone()) {
        return;
      }
      received++;
      lastReceivedAt = System.nanoTime();
      try {
        listener.onMessage(payload);
      } catch (ClientException e) {
        done.tryFailure(e);
        return;
      }
      endIfAnswered();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof PortUnreachableException) {
        done.tryFailure(new ClientException(ClientException.Kind.REFUSED, "cannot reach " + target
            + " over UDP: port unreachable (nothing listens on that UDP port)", cause));
      } else {
        done.tryFailure(new ClientException(ClientException.Kind.IO, "UDP exchange with " + target + " failed: "
            + ClientException.describe(cause), cause));
      }
    }
  }
}
