package dev.berth.client.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * A slot's messages: which are in flight, when each was sent, which is due next, and the latency
 * of each reply. Sequence numbers run on across the slot's connections. Runs on one event loop.
 */
final class MessageWindow {

  private final FrameTemplate template;
  private final ReplyChecker checker;
  private final Pacer pacer;
  private final LoopRecorders recorders;
  private final int pipeline;
  /** Send time of each message in flight, by sequence number modulo the pipeline. */
  private final long[] sentAt;
  private long nextSeq;

  MessageWindow(FrameTemplate template, Pacer pacer, LoopRecorders recorders, int pipeline) {
    this.template = template;
    this.checker = new ReplyChecker(template);
    this.pacer = pacer;
    this.recorders = recorders;
    this.pipeline = pipeline;
    this.sentAt = new long[pipeline];
  }

  /** Messages sent and neither answered nor given up. */
  long inFlight() {
    return nextSeq - checker.expected();
  }

  /** The first message still waiting for its reply. */
  long oldestSeq() {
    return checker.expected();
  }

  /** When the oldest message in flight was first sent. */
  long oldestSentAt() {
    return sentAt[(int) (checker.expected() % pipeline)];
  }

  /** When the next new message is due; {@link Long#MIN_VALUE} when it always is (closed loop). */
  long nextDue() {
    return pacer.due(nextSeq);
  }

  /** A new connection: its replies start at the oldest message in flight. */
  void newConnection() {
    checker.reset(checker.expected());
  }

  /** Writes every message in flight again, in order, keeping their send times; returns how many. */
  long resend(Channel channel) {
    for (long seq = checker.expected(); seq < nextSeq; seq++) {
      write(channel, seq);
    }
    return inFlight();
  }

  /**
   * Writes due messages while the pipeline has room, at most {@code limit}; returns how many.
   * A message not yet due stops the loop: see {@link #nextDue()}.
   */
  int sendDue(Channel channel, long now, int limit) {
    int written = 0;
    while (written < limit && inFlight() < pipeline && pacer.due(nextSeq) <= now) {
      sentAt[(int) (nextSeq % pipeline)] = now;
      write(channel, nextSeq++);
      written++;
    }
    return written;
  }

  /** Checks the bytes that arrived, reporting replies, losses and a mismatch; false after a mismatch. */
  boolean check(ByteBuf in, ReplyChecker.Findings findings) {
    return checker.check(in, nextSeq, findings);
  }

  /** Records the latency of the reply to {@code seq}: from its send, or its intended send in an open loop. */
  void recordReply(long seq, long readAt) {
    long start = pacer.isOpenLoop() ? pacer.due(seq) : sentAt[(int) (seq % pipeline)];
    recorders.recordLatency(readAt - start);
  }

  /** Gives up every message in flight: their replies are no longer expected. */
  void abandon() {
    checker.reset(nextSeq);
  }

  private void write(Channel channel, long seq) {
    channel.write(template.newFrame(channel.alloc(), seq), channel.voidPromise());
  }
}
