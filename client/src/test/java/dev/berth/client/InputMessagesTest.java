package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputMessagesTest {

  @Test
  void splitsLinesAndDropsTheirTerminators() throws IOException {
    InputMessages messages = lines("a\r\n\nb\rc\nend");

    assertThat(text(messages.next())).isEqualTo("a");
    assertThat(text(messages.next())).isEqualTo("");
    assertThat(text(messages.next())).isEqualTo("b\rc");
    assertThat(text(messages.next())).isEqualTo("end");
    assertThat(messages.next()).isNull();
  }

  @Test
  void aLineLongerThanOneReadStaysWhole() throws IOException {
    String longLine = "x".repeat(200_000);
    InputMessages messages = lines(longLine + "\n");

    assertThat(text(messages.next())).isEqualTo(longLine);
    assertThat(messages.next()).isNull();
  }

  @Test
  void rawInputComesInChunksAsRead() throws IOException {
    InputStream oneByteAtATime = new ByteArrayInputStream(new byte[] {1, 2}) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    InputMessages messages = new InputMessages(oneByteAtATime, false);

    assertThat(messages.next()).containsExactly(1);
    assertThat(messages.next()).containsExactly(2);
    assertThat(messages.next()).isNull();
  }

  private static InputMessages lines(String text) {
    return new InputMessages(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
