package dev.berth.client;

import dev.berth.protocol.Framing;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code berth client} puts what the server sends: printed one message per line, or
 * written as raw bytes to a file. With raw framing there are no messages, so bytes are passed
 * through unchanged either way.
 */
final class ReplySink implements MessageListener, AutoCloseable {

  private final OutputStream out;
  private final boolean newlineAfterEach;
  private final String name;

  private ReplySink(OutputStream out, boolean newlineAfterEach, String name) {
    this.out = out;
    this.newlineAfterEach = newlineAfterEach;
    this.name = name;
  }

  /** Prints each message followed by a newline (raw chunks as they are). */
  static ReplySink printing(PrintStream out, Framing framing) {
    return new ReplySink(out, framing != Framing.RAW, "standard output");
  }

  /** Writes the payloads to {@code file}, replacing it. */
  static ReplySink writing(Path file) throws IOException {
    return new ReplySink(new BufferedOutputStream(Files.newOutputStream(file)), false, file.toString());
  }

  @Override
  public void onMessage(byte[] payload) {
    try {
      out.write(payload);
      if (newlineAfterEach) {
        out.write('\n');
      }
      // Flushed per message so an interactive user sees each reply as it comes.
      if (out instanceof PrintStream) {
        out.flush();
      }
    } catch (IOException e) {
      throw new ClientException(ClientException.Kind.IO, "cannot write to " + name + ": " + ClientException.describe(e), e);
    }
  }

  @Override
  public void close() throws IOException {
    out.flush();
    if (!(out instanceof PrintStream)) {
      out.close();
    }
  }
}
