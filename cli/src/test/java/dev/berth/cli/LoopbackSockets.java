package dev.berth.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain blocking sockets to a berth process on loopback, for the end-to-end tests. */
final class LoopbackSockets {

  private LoopbackSockets() {}

  /** Connects to 127.0.0.1:{@code port}, with reads that give up after ten seconds. */
  static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Sends {@code text} as one message in {@code framing} ({@code line} or {@code length}) and returns the reply. */
  static String roundTrip(Socket socket, String framing, String text) throws IOException {
    if (framing.equals("line")) {
      return roundTrip(socket, text);
    }
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeLong(8L + payload.length);
    out.write(payload);
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] reply = new byte[Math.toIntExact(in.readLong() - 8)];
    in.readFully(reply);
    return new String(reply, StandardCharsets.UTF_8);
  }

  /** Sends {@code line} on a line-framed port and returns the reply line. */
  static String roundTrip(Socket socket, String line) throws IOException {
    socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    return readLine(socket);
  }

  /** Reads one line (a reply, a greeting) without its newline. */
  static String readLine(Socket socket) throws IOException {
    // One byte at a time, so no bytes of a later reply are buffered here and lost.
    StringBuilder reply = new StringBuilder();
    for (int b; (b = socket.getInputStream().read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("closed by the server after \"" + reply + "\"");
      }
      reply.append((char) b);
    }
    return reply.toString();
  }
}
