package dev.berth.client.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Checks a connection's incoming bytes against the frames it sent, as they stream in, without
 * buffering replies: the first {@link FrameTemplate#headLength()} bytes of each frame are copied
 * aside to read its sequence number, the rest is compared in place with the template.
 *
 * <p>A reply whose sequence number is later than expected, but of a message that was sent, means
 * the replies in between were skipped: they are reported lost and checking goes on. Any other
 * difference is a mismatch, after which the connection's stream cannot be trusted.
 */
final class ReplyChecker {

  /** What the checker finds. */
  interface Findings {
    void onReply(long seq);

    void onLost(long firstSeq, long count);

    void onMismatch(String detail);
  }

  private final FrameTemplate template;
  private final byte[] head;
  private int position;
  private long expected;

  ReplyChecker(FrameTemplate template) {
    this.template = template;
    this.head = new byte[template.headLength()];
  }

  /** Starts a new connection whose first reply should be message {@code seq}. */
  void reset(long seq) {
    expected = seq;
    position = 0;
  }

  /** The sequence number of the next reply; all before it are answered or given up. */
  long expected() {
    return expected;
  }

  /**
   * Consumes {@code in}, reporting every complete reply to {@code findings}.
   *
   * @param sentEnd one past the last sequence number sent
   * @return false after a mismatch; the rest of {@code in} is then left unread
   */
  boolean check(ByteBuf in, long sentEnd, Findings findings) {
    int headLength = head.length;
    int frameLength = template.length();
    while (true) {
      if (position < headLength) {
        int n = Math.min(headLength - position, in.readableBytes());
        in.readBytes(head, position, n);
        position += n;
        if (position < headLength) {
          return true;
        }
        if (!checkHead(sentEnd, findings)) {
          return false;
        }
      }
      int n = Math.min(frameLength - position, in.readableBytes());
      if (!ByteBufUtil.equals(in, in.readerIndex(), template.frame(), position, n)) {
        findings.onMismatch("reply to message " + expected + " differs at byte " + firstDifference(in, n)
            + " of " + frameLength + " (framing included)");
        return false;
      }
      in.skipBytes(n);
      position += n;
      if (position < frameLength) {
        return true;
      }
      position = 0;
      findings.onReply(expected++);
      if (!in.isReadable()) {
        return true;
      }
    }
  }

  private boolean checkHead(long sentEnd, Findings findings) {
    ByteBuf frame = template.frame();
    for (int i = 0; i < template.digitsAt(); i++) {
      if (head[i] != frame.getByte(i)) {
        findings.onMismatch("reply to message " + expected + " has a wrong length header");
        return false;
      }
    }
    long seq = template.sequenceAtOrAfter(head, expected);
    if (seq < 0 || seq >= sentEnd) {
      findings.onMismatch("reply to message " + expected + " carries a sequence number that was not sent");
      return false;
    }
    if (seq > expected) {
      findings.onLost(expected, seq - expected);
      expected = seq;
    }
    return true;
  }

  private int firstDifference(ByteBuf in, int length) {
    int start = in.readerIndex();
    for (int i = 0; i < length; i++) {
      if (in.getByte(start + i) != template.frame().getByte(position + i)) {
        return position + i;
      }
    }
    return position;
  }
}
