package dev.berth.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ReverserTest {

  @Test
  void reversesAscii() {
    assertThat(reverse("hello, world")).isEqualTo("dlrow ,olleh");
    assertThat(reverse("")).isEqualTo("");
    assertThat(reverse("a")).isEqualTo("a");
  }

  @Test
  void keepsMultiByteCodePointsWhole() {
    assertThat(reverse("héllo")).isEqualTo("olléh"); // é: 2 bytes
    assertThat(reverse("漢字かな")).isEqualTo("なか字漢"); // 3 bytes each
    assertThat(reverse("a😀b🎉")).isEqualTo("🎉b😀a"); // 4 bytes each, a surrogate pair in Java
    assertThat(reverse("\u0000\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff"))
        .isEqualTo("\udbff\udfff\ud800\udc00\uffff\ue000\ud7ff\u0800\u07ff\u0080\u007f\u0000");
  }

  @Test
  void aStrayContinuationByteMovesAlone() {
    assertThat(reverseBytes(0x61, 0x80, 0x62)).containsExactly(0x62, 0x80, 0x61);
    assertThat(reverseBytes(0xbf, 0xc3, 0xa9)).containsExactly(0xc3, 0xa9, 0xbf);
  }

  @Test
  void aTruncatedSequenceMovesBytewise() {
    // 漢 is E6 BC A2; its first two bytes alone are not a code point.
    assertThat(reverseBytes(0x61, 0xe6, 0xbc)).containsExactly(0xbc, 0xe6, 0x61);
    assertThat(reverseBytes(0xe6, 0xbc, 0x61)).containsExactly(0x61, 0xbc, 0xe6);
    assertThat(reverseBytes(0xf0, 0x9f, 0x98)).containsExactly(0x98, 0x9f, 0xf0);
    assertThat(reverseBytes(0xc3)).containsExactly(0xc3);
  }

  @Test
  void overlongFormsMoveBytewise() {
    assertThat(reverseBytes(0xc0, 0x80)).containsExactly(0x80, 0xc0);
    assertThat(reverseBytes(0xc1, 0xbf)).containsExactly(0xbf, 0xc1);
    assertThat(reverseBytes(0xe0, 0x80, 0x80)).containsExactly(0x80, 0x80, 0xe0);
    assertThat(reverseBytes(0xf0, 0x80, 0x80, 0x80)).containsExactly(0x80, 0x80, 0x80, 0xf0);
  }

  @Test
  void encodedSurrogatesAndCodePointsPastTheLastMoveBytewise() {
    assertThat(reverseBytes(0xed, 0xa0, 0x80)).containsExactly(0x80, 0xa0, 0xed); // U+D800
    assertThat(reverseBytes(0xed, 0xbf, 0xbf)).containsExactly(0xbf, 0xbf, 0xed); // U+DFFF
    assertThat(reverseBytes(0xf4, 0x90, 0x80, 0x80)).containsExactly(0x80, 0x80, 0x90, 0xf4); // U+110000
    assertThat(reverseBytes(0xf5, 0x80, 0x80, 0x80)).containsExactly(0x80, 0x80, 0x80, 0xf5);
    assertThat(reverseBytes(0xff, 0xfe)).containsExactly(0xfe, 0xff);
  }

  @Test
  void validNeighboursOfInvalidBytesStayWhole() {
    // "é" + stray 0x80 + "漢" + truncated E6 BC + "!"
    int[] input = {0xc3, 0xa9, 0x80, 0xe6, 0xbc, 0xa2, 0xe6, 0xbc, 0x21};
    assertThat(reverseBytes(input)).containsExactly(0x21, 0xbc, 0xe6, 0xe6, 0xbc, 0xa2, 0x80, 0xc3, 0xa9);
  }

  @Test
  void reversesOnlyTheReadableBytesAndLeavesTheInputAlone() {
    ByteBuf in = Unpooled.copiedBuffer("xxabcyy", UTF_8).setIndex(2, 5);
    ByteBuf out = Utf8Reverser.reverse(in, UnpooledByteBufAllocator.DEFAULT);

    assertThat(out.toString(UTF_8)).isEqualTo("cba");
    assertThat(in.readerIndex()).isEqualTo(2);
    assertThat(in.writerIndex()).isEqualTo(5);
    in.release();
    out.release();
  }

  @Test
  void reversingValidUtf8TwiceGivesItBack() {
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      String text = randomText(random, random.nextInt(40));
      byte[] bytes = text.getBytes(UTF_8);

      byte[] once = reverse(bytes);
      assertThat(new String(once, UTF_8)).isEqualTo(new StringBuilder(text).reverse().toString());
      assertThat(reverse(once)).isEqualTo(bytes);
    }
  }

  @Test
  void arbitraryBytesAreRearrangedNeverLost() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);

      byte[] reversed = reverse(bytes);
      byte[] sortedIn = bytes.clone();
      byte[] sortedOut = reversed.clone();
      Arrays.sort(sortedIn);
      Arrays.sort(sortedOut);
      assertThat(sortedOut).isEqualTo(sortedIn);
    }
  }

  private static String randomText(Random random, int codePoints) {
    StringBuilder text = new StringBuilder();
    while (codePoints-- > 0) {
      int cp;
      switch (random.nextInt(4)) {
        case 0: cp = random.nextInt(0x80); break;
        case 1: cp = 0x80 + random.nextInt(0x800 - 0x80); break;
        case 2: cp = 0x800 + random.nextInt(0x10000 - 0x800); break;
        default: cp = 0x10000 + random.nextInt(0x110000 - 0x10000); break;
      }
      if (cp >= 0xd800 && cp <= 0xdfff) {
        cp = 0xfffd; // not encodable on its own
      }
      text.appendCodePoint(cp);
    }
    return text.toString();
  }

  private static String reverse(String text) {
    return new String(reverse(text.getBytes(UTF_8)), UTF_8);
  }

  private static int[] reverseBytes(int... unsignedBytes) {
    byte[] bytes = new byte[unsignedBytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) unsignedBytes[i];
    }
    byte[] reversed = reverse(bytes);
    int[] result = new int[reversed.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = reversed[i] & 0xff;
    }
    return result;
  }

  private static byte[] reverse(byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    ByteBuf out = Utf8Reverser.reverse(in, UnpooledByteBufAllocator.DEFAULT);
    try {
      return ByteBufUtil.getBytes(out);
    } finally {
      in.release();
      out.release();
    }
  }
}
