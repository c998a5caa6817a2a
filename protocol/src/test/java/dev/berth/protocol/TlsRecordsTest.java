package dev.berth.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class TlsRecordsTest {

  @Test
  void aHandshakeRecordOfSsl3ToTls13Starts() {
    for (int minor = 0; minor <= 4; minor++) {
      assertThat(startsHandshake(0x16, 0x03, minor)).as("3.%d", minor).isTrue();
    }
  }

  @Test
  void anythingElseDoesNot() {
    assertThat(startsHandshake(0x16, 0x03, 0x05)).isFalse();
    assertThat(startsHandshake(0x17, 0x03, 0x03)).as("application data").isFalse();
    assertThat(startsHandshake(0x16, 0x02, 0x00)).as("SSL 2").isFalse();
    assertThat(startsHandshake('G', 'E', 'T')).isFalse();
    assertThat(startsHandshake(0x16, 0x03)).as("too short to tell").isFalse();
  }

  @Test
  void looksAtTheGivenIndex() {
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {'x', 0x16, 0x03, 0x03});
    assertThat(TlsRecords.startsHandshake(in, 0)).isFalse();
    assertThat(TlsRecords.startsHandshake(in, 1)).isTrue();
    in.release();
  }

  private static boolean startsHandshake(int... bytes) {
    byte[] array = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      array[i] = (byte) bytes[i];
    }
    ByteBuf in = Unpooled.wrappedBuffer(array);
    try {
      return TlsRecords.startsHandshake(in, 0);
    } finally {
      in.release();
    }
  }
}
