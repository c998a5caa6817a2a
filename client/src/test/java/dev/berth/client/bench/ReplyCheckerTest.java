package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.protocol.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplyCheckerTest implements ReplyChecker.Findings {

  private final List<String> findings = new ArrayList<>();

  @ParameterizedTest
  @EnumSource(Framing.class)
  void acceptsEchoedFramesInAnyChunking(Framing framing) {
    FrameTemplate template = new FrameTemplate(framing, 40);
    ReplyChecker checker = new ReplyChecker(template);
    byte[] stream = frames(template, 0, 3);

    for (int i = 0; i < stream.length; i += 7) {
      assertThat(feed(checker, stream, i, Math.min(7, stream.length - i), 3)).isTrue();
    }

    assertThat(findings).containsExactly("reply 0", "reply 1", "reply 2");
    assertThat(checker.expected()).isEqualTo(3);
  }

  @Test
  void aFlippedByteIsAMismatch() {
    FrameTemplate template = new FrameTemplate(Framing.LINE, 64);
    ReplyChecker checker = new ReplyChecker(template);
    byte[] stream = frames(template, 0, 2);
    stream[65 + 30] ^= 1;

    assertThat(feed(checker, stream, 0, stream.length, 2)).isFalse();

    assertThat(findings).containsExactly("reply 0", "mismatch: reply to message 1 differs at byte 30 of 65 (framing included)");
  }

  @Test
  void aSkippedReplyIsLostAndCheckingGoesOn() {
    FrameTemplate template = new FrameTemplate(Framing.LENGTH, 32);
    ReplyChecker checker = new ReplyChecker(template);
    byte[] first = frames(template, 0, 1);
    byte[] later = frames(template, 3, 2);

    feed(checker, first, 0, first.length, 5);
    assertThat(feed(checker, later, 0, later.length, 5)).isTrue();

    assertThat(findings).containsExactly("reply 0", "lost 1 x2", "reply 3", "reply 4");
  }

  @Test
  void aReplyToAMessageNeverSentIsAMismatch() {
    FrameTemplate template = new FrameTemplate(Framing.LINE, 32);
    ReplyChecker checker = new ReplyChecker(template);
    byte[] stream = frames(template, 7, 1);

    assertThat(feed(checker, stream, 0, stream.length, 2)).isFalse();

    assertThat(findings).containsExactly("mismatch: reply to message 0 carries a sequence number that was not sent");
  }

  @Test
  void aWrongLengthHeaderIsAMismatch() {
    FrameTemplate template = new FrameTemplate(Framing.LENGTH, 32);
    ReplyChecker checker = new ReplyChecker(template);
    byte[] stream = frames(template, 0, 1);
    stream[7] = 9;

    assertThat(feed(checker, stream, 0, stream.length, 1)).isFalse();

    assertThat(findings).containsExactly("mismatch: reply to message 0 has a wrong length header");
  }

  @Override
  public void onReply(long seq) {
    findings.add("reply " + seq);
  }

  @Override
  public void onLost(long firstSeq, long count) {
    findings.add("lost " + firstSeq + " x" + count);
  }

  @Override
  public void onMismatch(String detail) {
    findings.add("mismatch: " + detail);
  }

  private boolean feed(ReplyChecker checker, byte[] stream, int offset, int length, long sentEnd) {
    return checker.check(Unpooled.wrappedBuffer(stream, offset, length), sentEnd, this);
  }

  private static byte[] frames(FrameTemplate template, long firstSeq, int count) {
    byte[] stream = new byte[template.length() * count];
    for (int i = 0; i < count; i++) {
      ByteBuf frame = template.newFrame(ByteBufAllocator.DEFAULT, firstSeq + i);
      frame.readBytes(stream, i * template.length(), template.length());
      frame.release();
    }
    return stream;
  }
}
