package dev.berth.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits standard input into messages: each line without its {@code \n} or {@code \r\n}, or, for
 * raw framing, whatever bytes one read returns. Reads byte by byte from a buffer so a line is sent
 * as soon as it is typed, and so bytes that are not text pass through unchanged.
 */
final class InputMessages {

  private static final int RAW_CHUNK = 64 * 1024;

  private final InputStream in;
  private final boolean lines;
  private final byte[] buffer = new byte[RAW_CHUNK];
  private int position;
  private int limit;

  InputMessages(InputStream in, boolean lines) {
    this.in = in;
    this.lines = lines;
  }

  /** The next message, or {@code null} at the end of input. */
  byte[] next() throws IOException {
    if (!lines) {
      int read = in.read(buffer);
      return read < 0 ? null : Arrays.copyOf(buffer, read);
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return line.size() > 0 ? line.toByteArray() : null;
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      line.write(buffer, start, position - start);
      if (position < limit) {
        position++; // the '\n'
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
          return Arrays.copyOf(bytes, length - 1);
        }
        return bytes;
      }
    }
  }
}
