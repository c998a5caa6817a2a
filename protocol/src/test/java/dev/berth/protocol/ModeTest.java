package dev.berth.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class ModeTest {

  private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

  @Test
  void echoRepliesWithTheMessageItself() {
    ByteBuf message = text("same bytes");

    ByteBuf reply = Mode.ECHO.transform().apply(message, ALLOC);

    assertThat(reply).isSameAs(message);
    assertThat(reply.refCnt()).isEqualTo(1);
    assertThat(reply.toString(UTF_8)).isEqualTo("same bytes");
    reply.release();
  }

  @Test
  void discardNeverRepliesAndReleasesTheMessage() {
    ByteBuf message = text("gone");

    assertThat(Mode.DISCARD.transform().apply(message, ALLOC)).isNull();
    assertThat(message.refCnt()).isZero();
  }

  @Test
  void helloGreetsTheMessageAndReleasesIt() {
    ByteBuf message = text("world");

    ByteBuf reply = Mode.HELLO.transform().apply(message, ALLOC);

    assertThat(message.refCnt()).isZero();
    assertThat(reply.toString(UTF_8)).isEqualTo("Hello, world!");
    reply.release();
    assertThat(apply(Mode.HELLO, "")).isEqualTo("Hello, !");
    assertThat(apply(Mode.HELLO, "Zoë")).isEqualTo("Hello, Zoë!");
  }

  @Test
  void reverseRepliesWithTheCodePointsReversedAndReleasesTheMessage() {
    ByteBuf message = text("añ😀");

    ByteBuf reply = Mode.REVERSE.transform().apply(message, ALLOC);

    assertThat(message.refCnt()).isZero();
    assertThat(reply.toString(UTF_8)).isEqualTo("😀ña");
    reply.release();
    assertThat(apply(Mode.REVERSE, "")).isEmpty();
  }

  @Test
  void onlyReverseAndHelloNeedMessages() {
    assertThat(Mode.ECHO.needsMessages()).isFalse();
    assertThat(Mode.DISCARD.needsMessages()).isFalse();
    assertThat(Mode.REVERSE.needsMessages()).isTrue();
    assertThat(Mode.HELLO.needsMessages()).isTrue();
  }

  @Test
  void parsesOptionNames() {
    for (Mode mode : Mode.values()) {
      assertThat(Mode.fromOptionName(mode.optionName())).isSameAs(mode);
    }
    assertThat(Mode.fromOptionName("reverse")).isSameAs(Mode.REVERSE);
  }

  @Test
  void anUnknownNameListsTheChoices() {
    assertThatThrownBy(() -> Mode.fromOptionName("shout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a mode: \"shout\" (expected: echo, reverse, hello, discard or info)");
    assertThatThrownBy(() -> Mode.fromOptionName("")).hasMessageStartingWith("not a mode: \"\"");
  }

  private static String apply(Mode mode, String input) {
    ByteBuf reply = mode.transform().apply(text(input), ALLOC);
    try {
      return reply.toString(UTF_8);
    } finally {
      reply.release();
    }
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, UTF_8);
  }
}
