package dev.berth.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireBytesTest {

  @Test
  void bytesThatFillMostOfTheirBufferAreSliced() {
    ByteBuf read = Unpooled.directBuffer(16).writeBytes("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    WireBytes taken = WireBytes.take(read, 12, 2);

    assertThat(read.refCnt()).as("retained by a slice of it").isEqualTo(2);
    assertThat(taken.messages()).isEqualTo(2);
    assertThat(read.readerIndex()).isEqualTo(12);
    read.release();
    assertThat(read.refCnt()).as("kept alive by the slice").isEqualTo(1);
    taken.release();
    assertThat(read.refCnt()).isZero();
  }

  @Test
  void aFewBytesOfALargeBufferAreCopiedSoTheBufferIsNotKeptAlive() {
    ByteBuf read = Unpooled.directBuffer(64 * 1024).writeBytes("hello\nwor".getBytes(StandardCharsets.US_ASCII));

    WireBytes taken = WireBytes.take(read, 6, 1);

    assertThat(ByteBufUtil.getBytes(taken.content())).isEqualTo("hello\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(taken.content().capacity()).isLessThan(1024);
    assertThat(read.readerIndex()).isEqualTo(6);
    read.release();
    assertThat(read.refCnt()).as("released with the read, not pinned by the reply").isZero();
    taken.release();
  }
}
