package dev.berth.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A plain blocking socket peer speaking berth's framings, independent of the code under test. */
final class TestPeer implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  TestPeer(InetSocketAddress server) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] lengthFrame(byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length).putLong(8L + payload.length).put(payload).array();
  }

  static byte[] lengthFrame(String payload) {
    return lengthFrame(payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads one line, returned with its terminator so tests can check it. */
  String readLineWithTerminator() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
    }
    throw new EOFException("EOF after " + line.size() + " bytes of a line");
  }

  byte[] readLengthFrame() throws IOException {
    long length = in.readLong();
    byte[] payload = new byte[Math.toIntExact(length - 8)];
    in.readFully(payload);
    return payload;
  }

  String readLengthFrameText() throws IOException {
    return new String(readLengthFrame(), StandardCharsets.UTF_8);
  }

  byte[] readExactly(int count) throws IOException {
    byte[] bytes = new byte[count];
    in.readFully(bytes);
    return bytes;
  }

  /** Reads until the server closes its side; returns what arrived. */
  byte[] readToEof() throws IOException {
    return in.readAllBytes();
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** The port of this end of the connection. */
  int localPort() {
    return socket.getLocalPort();
  }

  InputStream input() {
    return in;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
