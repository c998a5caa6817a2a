package dev.berth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code berth ctl} request over a server's control socket: writes the line, reads the reply
 * to the end (the server closes after it), and returns its body or throws its error.
 */
final class ControlSocketClient {

  /** The version prefix of the request line; the server answers lines without it only for a handover. */
  private static final String PREFIX = "BERTH/1 ";
  /** A reply is a status or a fault list: far less than this. */
  private static final int MAX_REPLY = 1 << 20;

  /** The server could not be asked, or it refused: one line saying which. */
  static final class ControlException extends Exception {
    ControlException(String message) {
      super(message);
    }
  }

  private ControlSocketClient() {}

  /** The body of the server's {@code OK} reply to {@code request}. */
  static String ask(Path socket, String request, Duration timeout) throws ControlException {
    if (!Files.exists(socket)) {
      throw new ControlException("no control socket at " + socket + " (is a server running with --control-socket "
          + socket + "?)");
    }
    ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "berth-ctl");
      thread.setDaemon(true);
      return thread;
    });
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      Future<String> reply = worker.submit(() -> exchange(channel, socket, request));
      try {
        return body(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        throw new ControlException("the server at " + socket + " did not answer within " + timeout.toMillis()
            + " ms");
      } catch (ExecutionException e) {
        throw failed(socket, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ControlException("interrupted");
      }
    } catch (IOException e) {
      throw failed(socket, e);
    } finally {
      worker.shutdownNow();
    }
  }

  private static String exchange(SocketChannel channel, Path socket, String request) throws IOException {
    channel.connect(UnixDomainSocketAddress.of(socket));
    ByteBuffer line = ByteBuffer.wrap((PREFIX + request + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      channel.write(line);
    }
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (channel.read(buffer) >= 0) {
      reply.write(buffer.array(), 0, buffer.position());
      buffer.clear();
      if (reply.size() > MAX_REPLY) {
        throw new IOException("a reply longer than " + MAX_REPLY + " bytes: not a berth server");
      }
    }
    return reply.toString(StandardCharsets.UTF_8);
  }

  /** The body of an {@code OK} reply; an {@code ERROR} reply or an empty one is a refusal. */
  private static String body(String reply) throws ControlException {
    if (reply.startsWith("OK\n")) {
      return reply.substring(3);
    }
    if (reply.startsWith("ERROR ")) {
      throw new ControlException(reply.substring(6).strip());
    }
    if (reply.isEmpty()) {
      throw new ControlException("the server closed the connection without an answer (is it a berth server that "
          + "knows berth ctl, running as this user?)");
    }
    throw new ControlException("not a berth ctl reply: " + reply.lines().findFirst().orElse(""));
  }

  private static ControlException failed(Path socket, Throwable error) {
    if (error instanceof ControlException) {
      return (ControlException) error;
    }
    if (error instanceof AccessDeniedException || String.valueOf(error.getMessage()).contains("Permission denied")) {
      return new ControlException("cannot open " + socket + ": permission denied (run berth ctl as the server's "
          + "user)");
    }
    if (String.valueOf(error.getMessage()).contains("Connection refused")) {
      return new ControlException("nothing listens on " + socket + " (the server has stopped?)");
    }
    return new ControlException("cannot talk to the server at " + socket + ": " + error.getMessage());
  }
}
