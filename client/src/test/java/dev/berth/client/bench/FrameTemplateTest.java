package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.protocol.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTemplateTest {

  @Test
  void lineFrameIsDigitsFillerAndNewline() {
    assertThat(frameText(new FrameTemplate(Framing.LINE, 20), 0x2a)).isEqualTo("000000000000002aqrst\n");
  }

  @Test
  void lengthFrameCountsItsOwnHeader() {
    ByteBuf frame = new FrameTemplate(Framing.LENGTH, 16).newFrame(ByteBufAllocator.DEFAULT, 1);
    try {
      assertThat(frame.readableBytes()).isEqualTo(24);
      assertThat(frame.getLong(0)).isEqualTo(24);
      assertThat(frame.toString(8, 16, StandardCharsets.US_ASCII)).isEqualTo("0000000000000001");
    } finally {
      frame.release();
    }
  }

  @Test
  void smallMessagesCarryTheLowDigitsOnly() {
    FrameTemplate template = new FrameTemplate(Framing.RAW, 2);

    assertThat(frameText(template, 0x1234)).isEqualTo("34");
  }

  @Test
  void sequenceIsFoundFromTruncatedDigits() {
    FrameTemplate template = new FrameTemplate(Framing.RAW, 2);

    assertThat(template.sequenceAtOrAfter(ascii("34"), 0x1234)).isEqualTo(0x1234);
    assertThat(template.sequenceAtOrAfter(ascii("36"), 0x1234)).isEqualTo(0x1236);
    assertThat(template.sequenceAtOrAfter(ascii("00"), 0x12ff)).isEqualTo(0x1300);
    assertThat(template.sequenceAtOrAfter(ascii("zz"), 0)).isEqualTo(-1);
    assertThat(template.sequenceAtOrAfter(ascii("AB"), 0)).isEqualTo(-1);
  }

  private static String frameText(FrameTemplate template, long seq) {
    ByteBuf frame = template.newFrame(ByteBufAllocator.DEFAULT, seq);
    try {
      return new String(ByteBufUtil.getBytes(frame), StandardCharsets.US_ASCII);
    } finally {
      frame.release();
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
