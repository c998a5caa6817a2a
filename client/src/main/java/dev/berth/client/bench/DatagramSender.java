package dev.berth.client.bench;

import dev.berth.client.ClientException;
import dev.berth.client.ResendPolicy;
import dev.berth.config.Durations;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.PortUnreachableException;
import java.util.concurrent.TimeUnit;

/**
 * One UDP sender of the bench: its own socket, connected to the server, with up to {@code
 * --pipeline} datagrams in flight, sent as replies come (closed loop) or at their times (open
 * loop). A datagram not answered within the timeout is lost; nothing is resent, as UDP clients do
 * not. Every method runs on the sender's event loop.
 */
final class DatagramSender implements Sender {

  private final int id;
  private final BenchRun run;
  private final EventLoop loop;
  private final DatagramWindow datagrams;
  private final Bootstrap bootstrap;
  private Channel channel;
  private long sent;
  private boolean unflushed;
  private ScheduledFuture<?> wakeup;
  private ScheduledFuture<?> timeoutCheck;
  private boolean stopped;

  DatagramSender(int id, BenchRun run, EventLoop loop, LoopRecorders recorders, Pacer pacer) {
    this.id = id;
    this.run = run;
    this.loop = loop;
    this.datagrams = new DatagramWindow(run.template, pacer, recorders, run.config.pipeline());
    // One byte more than a datagram sent, so a longer reply shows as one.
    this.bootstrap = run.transport.datagramBootstrap(loop, run.template.length() + 1)
        .handler(new DatagramHandler(this));
  }

  @Override
  public void start() {
    long period = run.timeoutCheckPeriodNanos();
    timeoutCheck = loop.scheduleAtFixedRate(this::expire, period, period, TimeUnit.NANOSECONDS);
    open();
  }

  @Override
  public void stop() {
    if (wakeup != null) {
      wakeup.cancel(false);
      wakeup = null;
    }
    finishIfDone();
  }

  @Override
  public void abort() {
    if (!stopped) {
      long unanswered = datagrams.abandon();
      if (unanswered > 0) {
        error(ErrorKind.LOST, unanswered, "no reply to " + unanswered + (unanswered == 1 ? " datagram" : " datagrams")
            + " when the run ended");
      }
      finish();
    }
  }

  void onDatagram(Channel from, ByteBuf content) {
    if (from != channel) {
      return;
    }
    if (datagrams.check(content, System.nanoTime()) == DatagramWindow.Reply.MISMATCH) {
      error(ErrorKind.MISMATCH, 1, datagrams.mismatch());
    }
  }

  void onReadComplete(Channel from) {
    if (from == channel) {
      sendDue();
      flush();
      finishIfDone();
    }
  }

  /** A datagram could not be sent or an ICMP error came back; the socket stays open. */
  void onFailure(Channel from, Throwable cause) {
    if (from != channel) {
      return;
    }
    if (cause instanceof PortUnreachableException) {
      error(ErrorKind.REFUSED, 1, "port unreachable (nothing listens on that UDP port)");
    } else {
      error(ErrorKind.RESET, 1, ClientException.describe(cause));
    }
  }

  /** The socket closed under the sender: a new one follows, a moment later. */
  void onClosed(Channel from) {
    if (from == channel && !stopped) {
      channel = null;
      loop.schedule(this::open, ResendPolicy.RETRY_DELAY.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void open() {
    if (stopped) {
      return;
    }
    bootstrap.connect(run.address).addListener((ChannelFuture future) -> {
      if (stopped) {
        future.channel().close();
      } else if (future.isSuccess()) {
        channel = future.channel();
        sendDue();
        flush();
      } else {
        error(ErrorKind.REFUSED, 1, ClientException.describe(future.cause()));
        loop.schedule(this::open, ResendPolicy.RETRY_DELAY.toNanos(), TimeUnit.NANOSECONDS);
      }
    });
  }

  private void sendDue() {
    if (channel == null || run.stopping()) {
      return;
    }
    long now = System.nanoTime();
    int written = datagrams.sendDue(channel, now);
    sent += written;
    unflushed |= written > 0;
    long due = datagrams.nextDue();
    if (due > now && wakeup == null) {
      wakeup = loop.schedule(this::wake, due - now, TimeUnit.NANOSECONDS);
    }
  }

  private void wake() {
    wakeup = null;
    sendDue();
    flush();
  }

  private void flush() {
    if (unflushed && channel != null) {
      channel.flush();
    }
    unflushed = false;
  }

  /** Datagrams unanswered for the timeout are lost; their room in the pipeline goes to new ones. */
  private void expire() {
    long[] first = new long[1];
    long lost = datagrams.expireSentBefore(System.nanoTime() - run.config.timeout().toNanos(), first);
    if (lost > 0) {
      error(ErrorKind.LOST, lost, "no reply to datagram " + first[0] + (lost > 1 ? " and " + (lost - 1) + " more" : "")
          + " within " + Durations.format(run.config.timeout()));
      sendDue();
      flush();
    }
    finishIfDone();
  }

  private void error(ErrorKind kind, long count, String detail) {
    run.counters.error(kind, count, "sender " + id + ": " + detail);
  }

  private void finishIfDone() {
    if (!stopped && run.stopping() && datagrams.inFlight() == 0) {
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
      channel.close();
      channel = null;
    }
    run.counters.datagramsSent(sent);
    run.slotStopped();
  }
}
