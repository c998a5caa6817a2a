package dev.berth.client.bench;

import dev.berth.client.ClientException;
import dev.berth.client.ResendPolicy;
import dev.berth.config.Durations;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One stream of bench messages over the connections its {@link ConnectionPlan} opens: one
 * long-lived connection, or a fresh one per message. Sequence numbers and send times belong to the
 * slot, not the connection, so when the server closes with messages unanswered (a draining
 * server) or a connection fails, a new connection resends exactly those, with their numbers and
 * their original send times, as the {@link ResendPolicy} decides. Every method runs on the slot's
 * event loop.
 *
 * <p>Longer than our usual class on purpose: it is one state machine (connection, messages in
 * flight, timers) whose transitions all read and write the same few fields; split, each part
 * would need the others' state. What differs between long-lived and churn load is in {@link
 * ConnectionPlan}, what to do with unanswered messages in {@link ResendPolicy}.
 */
final class Slot implements ReplyChecker.Findings {

  private final int id;
  private final BenchRun run;
  private final EventLoop loop;
  private final LoopRecorders recorders;
  private final MessageWindow messages;
  private final Bootstrap bootstrap;
  private final ConnectionPlan plan;
  private final ResendPolicy resends;
  private final long sendDelayNanos;

  private Channel channel;
  private boolean connecting;
  private long connectStartedAt;
  private long writtenOnConnection;
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
    this.plan = ConnectionPlan.of(run.config.churn());
    this.resends = new ResendPolicy(run.config.resend());
    this.sendDelayNanos = run.config.sendDelay().toNanos();
    this.bootstrap = run.transport.bootstrap(loop, run.config.connectTimeout())
        .remoteAddress(run.address)
        .handler(new SlotHandler(this));
  }

  /** Starts sending; runs on the slot's loop. */
  void start() {
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(run.config.timeout().toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(250)));
    timeoutCheck = loop.scheduleAtFixedRate(this::checkTimeout, period, period, TimeUnit.NANOSECONDS);
    plan.open(this);
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
        error(ErrorKind.TIMEOUT, unanswered, "no reply to message " + messages.oldestSeq() + " when the run ended");
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
      error(ErrorKind.MISMATCH, 1, mismatch);
      abandon();
    }
  }

  void onReadComplete(Channel from) {
    if (from != channel) {
      return;
    }
    if (writtenOnConnection >= plan.messagesPerConnection() && messages.inFlight() == 0) {
      closeConnection();
      openNext();
      return;
    }
    sendDue();
    flush();
    finishIfDone();
  }

  /** The server ended the connection (FIN, or the connection is gone). */
  void onServerClosed(Channel from) {
    if (from == channel) {
      closed(false);
    }
  }

  /** The connection failed (usually a reset): counted once as such. */
  void onFailure(Channel from, Throwable cause) {
    if (from == channel) {
      error(ErrorKind.RESET, 1, ClientException.describe(cause));
      closed(true);
    }
  }

  @Override
  public void onReply(long seq) {
    messages.recordReply(seq, readAt);
    resends.replyReceived();
  }

  @Override
  public void onLost(long firstSeq, long count) {
    error(ErrorKind.LOST, count, "no reply to message " + firstSeq
        + (count > 1 ? " and the " + (count - 1) + " after it" : "") + ", later replies came");
  }

  @Override
  public void onMismatch(String detail) {
    mismatch = detail;
  }

  /** Opens a connection now, unless one is open or opening. */
  void connect() {
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

  /** Opens a connection now, or after {@link ResendPolicy#RETRY_DELAY} when the last one got no reply. */
  void reconnect(boolean lastAnswered) {
    if (lastAnswered) {
      connect();
    } else {
      connectLater();
    }
  }

  /** Opens a connection when the next message is due: now in a closed loop, at its time in an open one. */
  void connectWhenDue() {
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

  /** What follows a close by the server: resend, count what is lost, and open the next connection. */
  private void closed(boolean failed) {
    closeConnection();
    long unanswered = messages.inFlight();
    switch (resends.serverClosed(unanswered)) {
      case NOTHING_UNANSWERED:
        if (writtenOnConnection == 0 && plan.closedBeforeSendingLoses() && !resends.enabled() && !failed
            && !run.stopping()) {
          error(ErrorKind.LOST, 1, "server closed before the message was sent (no resend)");
        }
        break;
      case NOT_RESENT:
        if (!failed) {
          // Like nc or a one-shot script: an EOF instead of the answer is the end of those messages.
          error(ErrorKind.LOST, unanswered, "server closed before answering message " + messages.oldestSeq()
              + (unanswered > 1 ? " and " + (unanswered - 1) + " more" : "") + " (no resend)");
        }
        messages.abandon();
        break;
      case GIVE_UP:
        error(ErrorKind.LOST, unanswered, "the server closed " + (ResendPolicy.MAX_FRUITLESS_RESENDS + 1)
            + " connections in a row without answering " + unanswered + " resent messages");
        messages.abandon();
        break;
      case RESEND:
        break;
    }
    if (run.stopping() && messages.inFlight() == 0) {
      finishIfDone();
    } else if (messages.inFlight() == 0) {
      plan.reopenAfterServerClose(this, resends.connectionAnswered());
    } else {
      reconnect(resends.connectionAnswered());
    }
  }

  private void connected(ChannelFuture future) {
    if (stopped) {
      future.channel().close();
      return;
    }
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      error(cause instanceof ConnectTimeoutException ? ErrorKind.TIMEOUT : ErrorKind.REFUSED, 1,
          ClientException.describe(cause));
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
    long resent = messages.resend(channel);
    resends.connectionOpened(resent);
    writtenOnConnection = resent;
    unflushed = resent > 0;
    if (resent > 0) {
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
    }, ResendPolicy.RETRY_DELAY.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Writes every message that is due and fits in the pipeline and on this connection. */
  private void sendDue() {
    if (channel == null || run.stopping()) {
      return;
    }
    long now = System.nanoTime();
    long room = plan.messagesPerConnection() - writtenOnConnection;
    int written = messages.sendDue(channel, now, (int) Math.min(Integer.MAX_VALUE, room));
    writtenOnConnection += written;
    unflushed |= written > 0;
    long due = messages.nextDue();
    if (due > now && writtenOnConnection < plan.messagesPerConnection()) {
      wakeAt(due, now);
    }
  }

  private void flush() {
    if (unflushed && channel != null) {
      channel.flush();
    }
    unflushed = false;
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
      error(ErrorKind.TIMEOUT, unanswered, "no reply to message " + messages.oldestSeq() + " within "
          + Durations.format(run.config.timeout()));
      abandon();
    }
  }

  /** Gives up the messages in flight and the connection they were on; the load goes on without them. */
  private void abandon() {
    messages.abandon();
    if (channel != null) {
      closeConnection();
    }
    openNext();
  }

  /** The next connection of the plan, unless the run is ending. */
  private void openNext() {
    if (run.stopping()) {
      finishIfDone();
    } else {
      plan.open(this);
    }
  }

  private void error(ErrorKind kind, long count, String detail) {
    run.counters.error(kind, count, "connection " + id + ": " + detail);
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
