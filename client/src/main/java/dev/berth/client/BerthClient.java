package dev.berth.client;

import dev.berth.config.Addresses;
import dev.berth.config.ClientConfig;
import dev.berth.config.Durations;
import dev.berth.protocol.Framing;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a berth server (or any server that speaks its framings): send messages, receive
 * the server's messages through a {@link MessageListener}, half-close, wait for the server to
 * close.
 *
 * <pre>{@code
 * try (BerthClient client = BerthClient.connect(ClientConfig.defaults("port", "7000"), reply ->
 *     System.out.println(new String(reply, UTF_8)))) {
 *   client.send("hello");
 *   client.finish();
 *   client.awaitClosed();
 * }
 * }</pre>
 *
 * <p>When {@link ClientConfig#resend()} is on and the framing has messages, a server that closes
 * while messages are unanswered (a draining server) is answered by a new connection on which
 * exactly the unanswered messages are sent again, in order; {@link ClientStats#resent()} counts
 * them. This assumes one reply per message and no greeting, as an echo server behaves. With
 * resend off, a server that closes with messages unanswered ends the exchange with a {@link
 * ClientException} of kind {@code UNANSWERED} at once.
 *
 * <p>One thread at a time may call {@link #send}; failures are {@link ClientException}s with a
 * one-line message. The client owns one I/O thread, released by {@link #close}.
 */
public final class BerthClient implements AutoCloseable {

  /** Bytes handed to {@link #send} but not yet written; a sender past this waits. */
  private static final int SEND_WINDOW = 4 << 20;

  private final ClientConfig config;
  private final String target;
  private final ClientTransport transport;
  private final EventLoopGroup group;
  private final Semaphore window = new Semaphore(SEND_WINDOW);
  private final long deadlineNanos;
  private final Conversation conversation;
  private volatile boolean finished;

  private BerthClient(ClientConfig config, MessageListener listener) {
    this.config = config;
    this.target = Addresses.format(config.host(), config.port());
    this.transport = ClientTransport.best();
    this.group = transport.newGroup(1);
    this.deadlineNanos = config.timeout().isZero() ? 0 : System.nanoTime() + config.timeout().toNanos();
    Bootstrap bootstrap = transport.bootstrap(group, config.connectTimeout()).remoteAddress(config.host(), config.port());
    this.conversation = new Conversation(bootstrap, target, config.framing(), config.resend(), listener,
        bytes -> window.release(permits(bytes)));
    bootstrap.handler(new ClientChannelInitializer(config, new ReplyHandler(conversation)));
    // Whatever ends the exchange also frees any sender waiting for window space.
    conversation.done().addListener(future -> window.release(SEND_WINDOW));
  }

  /**
   * Connects to {@code config}'s server within its connect timeout. The exchange timeout ({@link
   * ClientConfig#timeout()}) starts now.
   *
   * @param listener receives every message the server sends, on the client's I/O thread
   * @throws ClientException when the connection cannot be made (refused, timed out, unknown host)
   */
  public static BerthClient connect(ClientConfig config, MessageListener listener) {
    BerthClient client = new BerthClient(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(listener, "listener"));
    ChannelFuture connected = client.group.submit(client.conversation::start).syncUninterruptibly().getNow();
    if (!connected.awaitUninterruptibly().isSuccess()) {
      client.close();
      throw ClientException.connectFailed(client.target, connected.cause());
    }
    return client;
  }

  /**
   * Sends one message. Returns once the message is queued; waits while more than a few MiB are
   * queued and not yet written. The array is kept, not copied, until the message is answered (it
   * may have to be resent), so it must not be changed afterwards.
   *
   * @throws IllegalArgumentException when line framing cannot carry the message (it contains {@code \n})
   * @throws IllegalStateException after {@link #finish()}
   * @throws ClientException when the exchange has failed or the timeout passed while waiting
   */
  public void send(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    if (finished) {
      throw new IllegalStateException("send after finish: the client has half-closed its side");
    }
    int newline = config.framing() == Framing.LINE ? newlineIndex(payload) : -1;
    if (newline >= 0) {
      throw new IllegalArgumentException("message contains a newline at byte " + newline
          + ", which line framing cannot carry (use length framing)");
    }
    throwIfEnded();
    acquire(permits(payload.length));
    throwIfEnded();
    group.execute(() -> conversation.send(payload));
  }

  /** Sends {@code message} encoded as UTF-8; see {@link #send(byte[])}. */
  public void send(String message) {
    send(Objects.requireNonNull(message, "message").getBytes(StandardCharsets.UTF_8));
  }

  /** Half-closes (FIN) once everything sent so far is written: the server then answers and closes. */
  public void finish() {
    finished = true;
    group.execute(conversation::finish);
  }

  /** Waits until the exchange ends, at most until the exchange timeout counted from {@link #connect}. */
  public void awaitClosed() {
    awaitUntil(deadlineNanos, config.timeout());
  }

  /**
   * Waits until the server has closed with every message answered (or replies are not tracked),
   * at most {@code limit} from now; {@link Duration#ZERO} waits as long as it takes.
   *
   * @throws ClientException when the exchange failed or the time ran out
   */
  public void awaitClosed(Duration limit) {
    Objects.requireNonNull(limit, "limit");
    awaitUntil(limit.isZero() ? 0 : System.nanoTime() + limit.toNanos(), limit);
  }

  /** Whether the exchange has ended, successfully or not. */
  public boolean isClosed() {
    return conversation.done().isDone();
  }

  /** What the client has sent, received and resent so far. */
  public ClientStats stats() {
    return conversation.stats();
  }

  /** The transport in use, e.g. {@link ClientTransport#EPOLL}. */
  public ClientTransport transport() {
    return transport;
  }

  /**
   * Closes the connection at once, whatever its state, and stops the I/O thread. Not to be called
   * from a {@link MessageListener}, which runs on that thread.
   */
  @Override
  public void close() {
    if (group.isShuttingDown()) {
      return;
    }
    group.execute(() -> conversation.fail(new ClientException(ClientException.Kind.IO, "client closed")));
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void awaitUntil(long deadline, Duration limit) {
    boolean ended = deadline == 0
        ? conversation.done().awaitUninterruptibly(Long.MAX_VALUE, TimeUnit.NANOSECONDS)
        : conversation.done().awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (!ended) {
      throw timedOut(limit);
    }
    Throwable cause = conversation.done().cause();
    if (cause instanceof ClientException) {
      throw (ClientException) cause;
    }
  }

  /** Ends the exchange with a timeout that says how far it got. */
  private ClientException timedOut(Duration limit) {
    ClientStats stats = stats();
    ClientException timeout = new ClientException(ClientException.Kind.TIMEOUT, "timed out after "
        + Durations.format(limit) + ": the server at " + target + " answered " + stats.received()
        + " of " + stats.sent() + " messages and has not closed the connection");
    group.execute(() -> conversation.fail(timeout));
    return timeout;
  }

  private void acquire(int permits) {
    try {
      if (deadlineNanos == 0) {
        window.acquire(permits);
      } else if (!window.tryAcquire(permits, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw timedOut(config.timeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(ClientException.Kind.IO, "interrupted while sending", e);
    }
  }

  private void throwIfEnded() {
    Throwable cause = conversation.done().cause();
    if (cause instanceof ClientException) {
      throw (ClientException) cause;
    }
    if (conversation.done().isDone()) {
      throw new ClientException(ClientException.Kind.IO, "the server at " + target + " has closed the connection");
    }
  }

  private static int permits(int bytes) {
    return Math.min(bytes, SEND_WINDOW);
  }

  /** The index of the first {@code \n} in {@code payload}, or -1. */
  static int newlineIndex(byte[] payload) {
    for (int i = 0; i < payload.length; i++) {
      if (payload[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
