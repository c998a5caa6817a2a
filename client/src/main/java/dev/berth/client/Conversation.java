package dev.berth.client;

import dev.berth.protocol.Framing;
import dev.berth.protocol.ProtocolException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One client's exchange with a server, across the connections it takes. Every method runs on
 * the client's single event loop, so the state needs no locks.
 *
 * <p>When replies are tracked, each message sent stays in {@link #unanswered} until its reply
 * arrives (one reply per message, in order). If the server closes while some are unanswered, as
 * a draining server does, a new connection is opened and exactly those are written again, in
 * order. The {@link ResendPolicy} (the bench's too) gives up after a few connections in a row
 * that were opened to resend and closed without answering anything, so a server that always
 * closes early cannot cause a resend loop.
 *
 * <p>Longer than our usual class on purpose, like the bench's {@code Slot}: one state machine
 * (the connection, the messages unanswered, the half-close) whose transitions share those fields;
 * what is not state (when to resend, what is in front of the messages) lives in {@link
 * ResendPolicy} and {@link ConnectionFront}.
 */
final class Conversation {

  static final int CONNECT_ATTEMPTS = 5;
  private static final long FIRST_RETRY_DELAY_MILLIS = 50;

  private final Bootstrap bootstrap;
  private final ConnectionFront front;
  private final String target;
  private final Framing framing;
  private final boolean tracksReplies;
  private final MessageListener listener;
  /** Returns send-window permits once a message's bytes have left for the first time. */
  private final IntConsumer onFirstWrite;
  private final Promise<Void> done;

  private final ArrayDeque<byte[]> unanswered = new ArrayDeque<>();
  /** How many messages at the head of {@link #unanswered} were written on some connection. */
  private int written;
  private Channel channel;
  /** The last write on {@link #channel}; a half-close must wait for it, or Netty fails it. */
  private ChannelFuture lastWrite;
  private boolean connecting;
  private boolean finishing;
  private final ResendPolicy resends;

  private volatile long sent;
  private volatile long received;
  private volatile long resent;
  private volatile long reconnects;

  /**
   * @param framing replies are counted, one per message, unless it is raw
   * @param resend whether unanswered messages are sent again on a new connection
   */
  Conversation(Bootstrap bootstrap, ConnectionFront front, String target, Framing framing, boolean resend,
      MessageListener listener, IntConsumer onFirstWrite) {
    this.bootstrap = bootstrap;
    this.front = front;
    this.target = target;
    this.framing = framing;
    this.tracksReplies = framing != Framing.RAW;
    this.listener = listener;
    this.onFirstWrite = onFirstWrite;
    this.done = bootstrap.config().group().next().newPromise();
    this.resends = new ResendPolicy(resend && tracksReplies);
  }

  /**
   * Opens the first connection; the future completes when it can carry messages (with TLS, after
   * the handshake), and fails when it cannot, as {@link #done()} does with a {@link ClientException}.
   */
  Future<Channel> start() {
    connecting = true;
    return front.ready(bootstrap.connect()).addListener((Future<Channel> future) -> {
      connecting = false;
      if (future.isSuccess()) {
        channel = future.getNow();
      } else {
        done.tryFailure(ClientException.connectFailed(target, future.cause()));
      }
    });
  }

  /** Completes when the server has closed and every message is answered, or the exchange failed. */
  Future<Void> done() {
    return done;
  }

  void send(byte[] payload) {
    if (done.isDone()) {
      onFirstWrite.accept(payload.length);
      return;
    }
    sent++;
    if (tracksReplies) {
      unanswered.add(payload);
    }
    if (channel != null) {
      write(payload, true);
      channel.flush();
      written = unanswered.size();
    } else if (!connecting) {
      // The server closed an earlier connection with everything answered; this message needs a new one.
      reconnect(0);
    }
  }

  /** Half-closes once everything sent so far is written; the exchange ends when the server closes. */
  void finish() {
    finishing = true;
    if (channel != null) {
      halfCloseAfterWrites();
    } else if (!connecting) {
      done.trySuccess(null);
    }
  }

  void onReply(Channel from, byte[] payload) {
    if (from != channel || done.isDone()) {
      return;
    }
    received++;
    resends.replyReceived();
    if (unanswered.poll() != null && written > 0) {
      written--;
    }
    try {
      listener.onMessage(payload);
    } catch (ClientException e) {
      fail(e);
    } catch (RuntimeException e) {
      fail(new ClientException(ClientException.Kind.IO, "cannot take a reply: " + ClientException.describe(e), e));
    }
  }

  /** The server ended its side of {@code from}: finish, wait for more input, or resend. */
  void onServerClosed(Channel from) {
    if (from != channel) {
      return;
    }
    channel = null;
    from.close();
    switch (resends.serverClosed(unanswered.size())) {
      case NOTHING_UNANSWERED:
        if (finishing || !tracksReplies) {
          done.trySuccess(null);
        }
        break;
      case NOT_RESENT:
        fail(unanswered(from, " (not sent again: --no-resend)"));
        break;
      case GIVE_UP:
        fail(unanswered(from, ", also after resending them " + (ResendPolicy.MAX_FRUITLESS_RESENDS + 1) + " times"));
        break;
      case RESEND:
        if (resends.connectionAnswered()) {
          reconnect(0);
        } else {
          // A server that closes connections unanswered is not hammered.
          connecting = true;
          from.eventLoop().schedule(() -> reconnect(0), ResendPolicy.RETRY_DELAY.toNanos(), TimeUnit.NANOSECONDS);
        }
        break;
    }
  }

  /** The server closed {@code from} with messages unanswered, and they are not sent again. */
  private ClientException unanswered(Channel from, String how) {
    int count = unanswered.size();
    String hint = received == 0 && FirstBytes.of(from).length == 0 ? FramingHint.forSilence(framing, front.bare()) : "";
    return new ClientException(ClientException.Kind.UNANSWERED, "the server at " + target + " closed the connection with "
        + count + (count == 1 ? " message" : " messages") + " unanswered" + how + hint);
  }

  void onFailure(Channel from, Throwable cause) {
    if (from != channel) {
      return;
    }
    if (cause instanceof ProtocolException
        && ((ProtocolException) cause).reason() == ProtocolException.Reason.TRUNCATED) {
      fail(new ClientException(ClientException.Kind.CLOSED_MID_MESSAGE, "the server at " + target
          + " closed the connection in the middle of a message" + FramingHint.forBadReply(framing, FirstBytes.of(from)),
          cause));
    } else if (cause instanceof ProtocolException) {
      // The client's own hint knows which framing was asked for; the decoder's guess does not.
      String hint = FramingHint.forBadReply(framing, FirstBytes.of(from));
      fail(new ClientException(ClientException.Kind.PROTOCOL, "bad reply from " + target + ": "
          + (hint.isEmpty() ? cause.getMessage() : ((ProtocolException) cause).detail() + hint), cause));
    } else if (front.describeTlsFailure(from, cause) != null) {
      fail(new ClientException(ClientException.Kind.TLS, "TLS with " + target + " failed: "
          + front.describeTlsFailure(from, cause), cause));
    } else if (cause instanceof IOException) {
      fail(new ClientException(ClientException.Kind.IO,
          "connection to " + target + " lost: " + ClientException.describe(cause), cause));
    } else {
      fail(new ClientException(ClientException.Kind.IO, "client failure: " + ClientException.describe(cause), cause));
    }
  }

  void fail(ClientException failure) {
    if (done.tryFailure(failure) && channel != null) {
      channel.close();
      channel = null;
    }
  }

  ClientStats stats() {
    return new ClientStats(sent, received, resent, reconnects);
  }

  /** Messages still waiting for a reply (always 0 when replies are not tracked). */
  int unansweredCount() {
    return unanswered.size();
  }

  private void reconnect(int attempt) {
    connecting = true;
    ChannelFuture connect = bootstrap.connect();
    front.ready(connect).addListener((Future<Channel> future) -> {
      if (done.isDone()) {
        connect.channel().close();
        return;
      }
      if (!future.isSuccess()) {
        if (attempt + 1 < CONNECT_ATTEMPTS && !(future.cause() instanceof TlsHandshakeException)) {
          // A successor server may be a moment away from listening; back off briefly.
          connect.channel().eventLoop().schedule(
              () -> reconnect(attempt + 1), FIRST_RETRY_DELAY_MILLIS << attempt, TimeUnit.MILLISECONDS);
        } else {
          fail(ClientException.connectFailed(target, future.cause()));
        }
        return;
      }
      connecting = false;
      channel = future.getNow();
      lastWrite = null;
      reconnects++;
      resends.connectionOpened(written);
      resent += written;
      int index = 0;
      for (byte[] payload : unanswered) {
        write(payload, index++ >= written);
      }
      written = unanswered.size();
      channel.flush();
      if (finishing) {
        halfCloseAfterWrites();
      }
    });
  }

  /**
   * Half-closes with a FIN once the writes are out. Over TLS too, without a close_notify first:
   * a server on Netty's OpenSSL engine (berth's included) takes a close_notify for the end of both
   * directions and drops the replies it has not written yet, while the servers we know answer what
   * they read before a FIN. (A strict OpenSSL 3 server calls that FIN an unexpected EOF: {@code openssl
   * s_server -ignore_unexpected_eof} accepts it.)
   */
  private void halfCloseAfterWrites() {
    SocketChannel current = (SocketChannel) channel;
    if (lastWrite == null || lastWrite.isDone()) {
      current.shutdownOutput();
    } else {
      lastWrite.addListener(future -> current.shutdownOutput());
    }
  }

  private void write(byte[] payload, boolean firstTime) {
    lastWrite = channel.write(Unpooled.wrappedBuffer(payload));
    if (firstTime) {
      lastWrite.addListener(future -> onFirstWrite.accept(payload.length));
    }
  }
}
