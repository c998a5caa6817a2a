package dev.berth.client.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;

/**
 * A UDP sender's datagrams in flight, in {@code --pipeline} slots. Replies may come in any order,
 * or not at all, so each slot has its own run of sequence numbers ({@code slot}, {@code slot +
 * slots}, …): a reply's number says which slot it answers and whether it is that slot's datagram
 * in flight. The rest of its bytes are compared in place with what was sent. A datagram not
 * answered within the timeout is lost and frees its slot; a lost datagram holds up only its own
 * slot, never the others. A reply to a datagram already answered or given up (late, or a
 * duplicate) is ignored. Runs on one event loop.
 */
final class DatagramWindow {

  /** What one reply turned out to be. */
  enum Reply { ANSWERED, IGNORED, MISMATCH }

  private final FrameTemplate template;
  private final Pacer pacer;
  private final LoopRecorders recorders;
  private final int pipeline;
  /** A power of two, at least the pipeline: a sequence number's low bits are its slot. */
  private final int slots;
  private final boolean allDigits;
  private final long[] seqOf;
  private final long[] sentAt;
  /** When each datagram was due: its send time in a closed loop, its intended time in an open one. */
  private final long[] startAt;
  private final boolean[] busy;
  private final int[] free;
  private final byte[] head;
  private int freeCount;
  private int inFlight;
  /** How many datagrams have been sent: the next one's place in the open loop's schedule. */
  private long sent;
  private String mismatch;

  DatagramWindow(FrameTemplate template, Pacer pacer, LoopRecorders recorders, int pipeline) {
    this.template = template;
    this.pacer = pacer;
    this.recorders = recorders;
    this.pipeline = pipeline;
    // The configuration keeps the pipeline within what the digits of a datagram can number.
    this.slots = Integer.highestOneBit(Math.max(1, pipeline - 1)) << (pipeline > 1 ? 1 : 0);
    this.allDigits = template.headLength() - template.digitsAt() == FrameTemplate.MAX_DIGITS;
    this.seqOf = new long[slots];
    this.sentAt = new long[slots];
    this.startAt = new long[slots];
    this.busy = new boolean[slots];
    this.free = new int[slots];
    for (int slot = 0; slot < slots; slot++) {
      seqOf[slot] = slot - slots;
      free[freeCount++] = slots - 1 - slot;
    }
    this.head = new byte[template.headLength()];
  }

  /** Datagrams sent and neither answered nor given up. */
  int inFlight() {
    return inFlight;
  }

  /** When the next datagram is due; {@link Long#MIN_VALUE} in a closed loop. */
  long nextDue() {
    return pacer.due(sent);
  }

  /** Writes every datagram that is due while the pipeline has room; returns how many. */
  int sendDue(Channel channel, long now) {
    int written = 0;
    while (inFlight < pipeline && pacer.due(sent) <= now) {
      int slot = free[--freeCount];
      long seq = seqOf[slot] + slots;
      seqOf[slot] = seq;
      sentAt[slot] = now;
      startAt[slot] = pacer.isOpenLoop() ? pacer.due(sent) : now;
      busy[slot] = true;
      channel.write(template.newFrame(channel.alloc(), seq), channel.voidPromise());
      sent++;
      inFlight++;
      written++;
    }
    return written;
  }

  /** Checks one reply that arrived at {@code readAt}; after a {@link Reply#MISMATCH}, {@link #mismatch()} says how. */
  Reply check(ByteBuf reply, long readAt) {
    int length = reply.readableBytes();
    if (length < head.length) {
      return mismatch("a reply of " + length + " bytes, shorter than any datagram sent");
    }
    reply.getBytes(reply.readerIndex(), head);
    long low = template.sequenceAtOrAfter(head, 0);
    if (low < 0) {
      return mismatch("a reply without a sequence number (" + ByteBufUtil.hexDump(head) + ")");
    }
    int slot = (int) (low & (slots - 1));
    // With fewer than all digits sent, the slot's datagram in flight is the one those digits can mean.
    long seq = allDigits ? low : template.sequenceAtOrAfter(head, seqOf[slot]);
    if (!busy[slot] || seq != seqOf[slot]) {
      return allDigits && seq > seqOf[slot]
          ? mismatch("a reply carrying sequence number " + seq + ", which was not sent") : Reply.IGNORED;
    }
    release(slot);
    if (length != template.length()) {
      return mismatch("the reply to datagram " + seq + " is " + length + " bytes (sent: " + template.length() + ")");
    }
    int rest = length - head.length;
    if (!ByteBufUtil.equals(reply, reply.readerIndex() + head.length, template.frame(), head.length, rest)) {
      return mismatch("the reply to datagram " + seq + " differs from what was sent");
    }
    recorders.recordLatency(readAt - startAt[slot]);
    return Reply.ANSWERED;
  }

  String mismatch() {
    return mismatch;
  }

  /**
   * Gives up every datagram sent before {@code deadline} and still unanswered; returns how many,
   * and the first of them through {@code firstLost} (-1 when none).
   */
  long expireSentBefore(long deadline, long[] firstLost) {
    long lost = 0;
    firstLost[0] = -1;
    for (int slot = 0; slot < slots; slot++) {
      if (busy[slot] && sentAt[slot] - deadline < 0) {
        if (firstLost[0] < 0 || seqOf[slot] < firstLost[0]) {
          firstLost[0] = seqOf[slot];
        }
        release(slot);
        lost++;
      }
    }
    return lost;
  }

  /** Gives up every datagram in flight; returns how many. */
  long abandon() {
    long lost = inFlight;
    for (int slot = 0; slot < slots; slot++) {
      if (busy[slot]) {
        release(slot);
      }
    }
    return lost;
  }

  private void release(int slot) {
    busy[slot] = false;
    free[freeCount++] = slot;
    inFlight--;
  }

  private Reply mismatch(String detail) {
    mismatch = detail;
    return Reply.MISMATCH;
  }
}
