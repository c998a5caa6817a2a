package dev.berth.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A peer that writes a patterned stream and does not read, to show that the server stops reading
 * from it; then reads everything back to show that the server resumes.
 */
final class NeverReadingWriter implements AutoCloseable {

  /** How long the socket must stay unwritable before we call the server stalled. */
  private static final long STALL_MILLIS = 1000;

  private final SocketChannel channel;
  private final Selector selector;
  private final long limit;
  private long written;

  NeverReadingWriter(InetSocketAddress server, long limit) throws IOException {
    this.limit = limit;
    channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.getPort()));
    channel.configureBlocking(false);
    selector = Selector.open();
  }

  /** Writes until the socket stays unwritable (or the limit is reached); returns bytes written. */
  long writeUntilBlocked() throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
    while (written < limit) {
      fill(chunk, written);
      int n = channel.write(chunk);
      if (n > 0) {
        written += n;
        continue;
      }
      selector.selectedKeys().clear();
      if (selector.select(STALL_MILLIS) == 0) {
        break; // the server has not taken a byte for a whole second: it stopped reading
      }
    }
    key.cancel();
    selector.selectNow();
    return written;
  }

  /** Reads until {@code expected} bytes came back, checking the pattern; false on a mismatch. */
  boolean readBack(long expected) throws IOException {
    channel.configureBlocking(true);
    channel.socket().setSoTimeout(10_000);
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    long read = 0;
    while (read < expected) {
      buffer.clear();
      int n = channel.read(buffer);
      if (n < 0) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) != patternByte(read + i)) {
          return false;
        }
      }
      read += n;
    }
    return true;
  }

  private static void fill(ByteBuffer chunk, long offset) {
    chunk.clear();
    for (int i = 0; i < chunk.capacity(); i++) {
      chunk.put(i, patternByte(offset + i));
    }
  }

  private static byte patternByte(long position) {
    return (byte) (position * 31 + (position >>> 8));
  }

  @Override
  public void close() throws IOException {
    selector.close();
    channel.close();
  }
}
