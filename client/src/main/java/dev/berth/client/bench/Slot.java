package dev.berth.client.bench;

import dev.berth.client.ClientException;
import dev.berth.config.Durations;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One stream of bench messages: a long-lived connection with up to {@code pipeline} messages in
 * flight, or, with churn, a fresh connection for each message. Sequence numbers and send times
 * belong to the slot, not the connection, so when the server closes with messages unanswered (a
 * draining server) or a connection fails, a new connection resends exactly those, with their
 * numbers and their original send times. A connection opened to resend that closes again
 * without any reply gives them up as lost, so nothing loops. Every method runs on the slot's
 * event loop.
 */
final class Slot implements ReplyChecker.Findings {

  private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /**
   * A resend that meets another draining server is tried again, a few times: during a rolling
   * upgrade a connection can land on an instance that is just starting its drain. A server that
   * answers nothing at all (discard mode, say) is not retried for ever.
   */
  private static final int MAX_FRUITLESS_RESENDS = 3;

  private final int id;
  private final BenchRun run;
  private final EventLoop loop;
  private final LoopRecorders recorders;
  private final MessageWindow messages;
  private final Bootstrap bootstrap;
  private final boolean churn;
  private final long sendDelayNanos;

  private Channel channel;
  private boolean connecting;
  private long connectStartedAt;
  private int writtenOnConnection;
  private long repliesOnConnection;
  private boolean connectionResent;
  /** Resend connections in a row that the server closed without a reply. */
  private int fruitlessResends;
  private boolean unflushed;
  private long readAt;
  private String mismatch;
  private ScheduledFuture<?> wakeup;
  private ScheduledFuture<?> timeoutCheck;
  private boolean stopped;

  Slot(int id, BenchRun run, EventLoop loop, LoopRecorders recorders, Pacer pacer) {
    this.id = id;
    this.run = run;
    this.loop = loop;
    this.recorders = recorders;
    this.messages = new MessageWindow(run.template, pacer, recorders, run.config.pipeline());
    this.churn = run.config.churn();
    this.sendDelayNanos = run.config.sendDelay().toNanos();
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(run.transport.channelClass())
        .remoteAddress(run.address)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, run.config.connectTimeout().toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .handler(new SlotHandler(this));
  }

  /** Starts sending; runs on the slot's loop. */
  void start() {
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(run.config.timeout().toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(250)));
    timeoutCheck = loop.scheduleAtFixedRate(this::checkTimeout, period, period, TimeUnit.NANOSECONDS);
    if (churn) {
      nextConnection();
    } else {
      connect();
    }
  }

  /** The measured time is over: send nothing new, finish once every reply is in. */
  void stop() {
    if (wakeup != null) {
      wakeup.cancel(false);
      wakeup = null;
    }
    finishIfDone();
  }

  /** The run is ending whatever the state: what is still in flight never got its reply in time. */
  void abort() {
    if (!stopped) {
      long unanswered = messages.inFlight();
      if (unanswered > 0) {
        run.counters.error(ErrorKind.TIMEOUT, unanswered, "connection " + id + ": no reply to message "
            + messages.oldestSeq() + " when the run ended");
      }
      finish();
    }
  }

  void onBytes(Channel from, ByteBuf in) {
    if (from != channel) {
      return;
    }
    readAt = System.nanoTime();
    if (!messages.check(in, this)) {
      run.counters.error(ErrorKind.MISMATCH, 1, "connection " + id + ": " + mismatch);
      abandon();
    }
  }

  void onReadComplete(Channel from) {
    if (from != channel) {
      return;
    }
    if (churn && writtenOnConnection > 0 && messages.inFlight() == 0) {
      closeConnection();
      nextConnection();
      return;
    }
    sendDue();
    flush();
    finishIfDone();
  }

  /** The server ended the connection (FIN, or the connection is gone): resend what it left unanswered. */
  void onServerClosed(Channel from) {
    if (from == channel) {
      closed(false);
    }
  }

  private void closed(boolean failed) {
    closeConnection();
    long unanswered = messages.inFlight();
    if (churn && writtenOnConnection == 0 && !failed && !run.config.resend() && !run.stopping()) {
      // A one-shot client would have sent into this connection all the same, and read an EOF.
      run.counters.error(ErrorKind.LOST, 1, "connection " + id
          + ": server closed before the message was sent (no resend)");
    }
    if (unanswered > 0 && !run.config.resend()) {
      // Like nc or a one-shot script: an EOF instead of the answer is the end of those messages.
      run.counters.error(ErrorKind.LOST, unanswered, "connection " + id + ": server closed before answering message "
          + messages.oldestSeq() + (unanswered > 1 ? " and " + (unanswered - 1) + " more" : "") + " (no resend)");
      messages.abandon();
    } else if (unanswered > 0 && connectionResent && repliesOnConnection == 0
        && ++fruitlessResends > MAX_FRUITLESS_RESENDS) {
      run.counters.error(ErrorKind.LOST, unanswered, "connection " + id + ": the server closed "
          + fruitlessResends + " connections in a row without answering " + unanswered + " resent messages");
      messages.abandon();
      fruitlessResends = 0;
    }
    if (run.stopping() && messages.inFlight() == 0) {
      finishIfDone();
    } else if (churn && messages.inFlight() == 0) {
      nextConnection();
    } else if (repliesOnConnection == 0) {
      // A server that closes connections unanswered (over its connection limit, say) is not hammered.
      connectLater();
    } else {
      connect();
    }
  }

  void onFailure(Channel from, Throwable cause) {
    if (from == channel) {
      run.counters.error(ErrorKind.RESET, 1, "connection " + id + ": " + ClientException.describe(cause));
      if (!run.config.resend()) {
        // Counted as the reset; not again as lost.
        messages.abandon();
      }
      closed(true);
    }
  }

  @Override
  public void onReply(long seq) {
    messages.recordReply(seq, readAt);
    repliesOnConnection++;
    fruitlessResends = 0;
  }

  @Override
  public void onLost(long firstSeq, long count) {
    run.counters.error(ErrorKind.LOST, count, "connection " + id + ": no reply to message " + firstSeq
        + (count > 1 ? " and the " + (count - 1) + " after it" : "") + ", later replies came");
  }

  @Override
  public void onMismatch(String detail) {
    mismatch = detail;
  }

  private void connect() {
    if (stopped || connecting || channel != null) {
      return;
    }
    if (run.stopping() && messages.inFlight() == 0) {
      finishIfDone();
      return;
    }
    connecting = true;
    connectStartedAt = System.nanoTime();
    bootstrap.connect().addListener((ChannelFuture future) -> connected(future));
  }

  private void connected(ChannelFuture future) {
    if (stopped) {
      future.channel().close();
      return;
    }
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      ErrorKind kind = cause instanceof ConnectTimeoutException ? ErrorKind.TIMEOUT : ErrorKind.REFUSED;
      run.counters.error(kind, 1, "connection " + id + ": " + ClientException.describe(cause));
      connectLater();
      return;
    }
    connecting = false;
    recorders.recordConnect(System.nanoTime() - connectStartedAt);
    channel = future.channel();
    writtenOnConnection = 0;
    if (sendDelayNanos > 0) {
      Channel connected = channel;
      loop.schedule(() -> {
        if (channel == connected && !stopped) {
          startSending();
        }
      }, sendDelayNanos, TimeUnit.NANOSECONDS);
    } else {
      startSending();
    }
  }

  /** The connection is ready for messages: resend what an earlier one left unanswered, then send. */
  private void startSending() {
    messages.newConnection();
    repliesOnConnection = 0;
    long resent = messages.resend(channel);
    writtenOnConnection = (int) resent;
    unflushed = resent > 0;
    connectionResent = resent > 0;
    if (connectionResent) {
      run.counters.resent(resent);
    }
    sendDue();
    flush();
    finishIfDone();
  }

  private void connectLater() {
    // Counts as connecting until the retry, so nothing else starts a second attempt meanwhile.
    connecting = true;
    loop.schedule(() -> {
      connecting = false;
      connect();
    }, RETRY_DELAY_NANOS, TimeUnit.NANOSECONDS);
  }

  /** Writes every message that is due and fits in the pipeline (one per connection with churn). */
  private void sendDue() {
    if (channel == null || run.stopping()) {
      return;
    }
    long now = System.nanoTime();
    int written = messages.sendDue(channel, now, churn ? 1 - writtenOnConnection : Integer.MAX_VALUE);
    writtenOnConnection += written;
    unflushed |= written > 0;
    long due = messages.nextDue();
    if (due > now && !(churn && writtenOnConnection > 0)) {
      wakeAt(due, now);
    }
  }

  private void flush() {
    if (unflushed && channel != null) {
      channel.flush();
    }
    unflushed = false;
  }

  /** With churn, the next message's connection: now in a closed loop, at its due time in an open one. */
  private void nextConnection() {
    if (run.stopping()) {
      finishIfDone();
      return;
    }
    long now = System.nanoTime();
    long due = messages.nextDue();
    if (due > now) {
      wakeAt(due, now);
    } else {
      connect();
    }
  }

  private void wakeAt(long due, long now) {
    if (wakeup == null) {
      wakeup = loop.schedule(this::wake, due - now, TimeUnit.NANOSECONDS);
    }
  }

  private void wake() {
    wakeup = null;
    if (channel == null) {
      connect();
    } else {
      sendDue();
      flush();
    }
  }

  private void checkTimeout() {
    long unanswered = messages.inFlight();
    if (unanswered > 0 && System.nanoTime() - messages.oldestSentAt() >= run.config.timeout().toNanos()) {
      run.counters.error(ErrorKind.TIMEOUT, unanswered, "connection " + id + ": no reply to message "
          + messages.oldestSeq() + " within " + Durations.format(run.config.timeout()));
      abandon();
    }
  }

  /** Gives up the messages in flight and the connection they were on; the load goes on without them. */
  private void abandon() {
    messages.abandon();
    if (channel != null) {
      closeConnection();
    }
    if (run.stopping()) {
      finishIfDone();
    } else if (churn) {
      nextConnection();
    } else {
      connect();
    }
  }

  private void closeConnection() {
    Channel closing = channel;
    channel = null;
    unflushed = false;
    closing.close();
  }

  private void finishIfDone() {
    if (!stopped && run.stopping() && messages.inFlight() == 0) {
      finish();
    }
  }

  private void finish() {
    stopped = true;
    timeoutCheck.cancel(false);
    if (wakeup != null) {
      wakeup.cancel(false);
    }
    if (channel != null) {
      closeConnection();
    }
    run.slotStopped();
  }
}
