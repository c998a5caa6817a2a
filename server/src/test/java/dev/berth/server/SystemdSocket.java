package dev.berth.server;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A listening TCP socket on loopback held the way systemd holds a socket unit's: the test keeps
 * its own descriptor, and each server gets a copy of it ({@link #passCopy}, the same socket under
 * another descriptor, as a forked service inherits it). What is queued on it is read from the
 * kernel's table of listening sockets.
 */
final class SystemdSocket implements AutoCloseable {

  private final Socket held;
  private final Path dir;

  private SystemdSocket(Socket held, Path dir) {
    this.held = held;
    this.dir = dir;
  }

  /** Binds 127.0.0.1 on an ephemeral port and listens with {@code backlog}. Needs Netty's native library. */
  static SystemdSocket listen(int backlog, Path dir) throws IOException {
    Socket socket = Socket.newSocketStream();
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    socket.listen(backlog);
    return new SystemdSocket(socket, dir);
  }

  int port() {
    return held.localAddress().getPort();
  }

  /**
   * A new descriptor of the same socket, passed over a Unix socket (SCM_RIGHTS), as a server gets
   * it. Netty's receiving end puts the socket in non-blocking mode.
   */
  int passCopy() throws IOException {
    Path path = Files.createTempFile(dir, "copy", ".sock");
    Files.delete(path);
    Socket server = Socket.newSocketDomain();
    Socket client = Socket.newSocketDomain();
    try {
      server.bind(new DomainSocketAddress(path.toFile()));
      server.listen(1);
      client.connect(new DomainSocketAddress(path.toFile()));
      Socket accepted = new Socket(server.accept(new byte[26]));
      try {
        client.sendFd(held.intValue());
        int copy = accepted.recvFd();
        if (copy <= 0) {
          throw new IOException("no descriptor received: " + copy);
        }
        return copy;
      } finally {
        accepted.close();
      }
    } finally {
      client.close();
      server.close();
      Files.deleteIfExists(path);
    }
  }

  /** Blocking mode, as systemd passes a socket without NonBlocking=yes: the JDK's call (the test JVM has the export). */
  void makeBlocking() throws ReflectiveOperationException {
    Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
    Object descriptor = ioUtil.getMethod("newFD", int.class).invoke(null, held.intValue());
    ioUtil.getMethod("configureBlocking", FileDescriptor.class, boolean.class).invoke(null, descriptor, true);
  }

  /** Whether the socket is in non-blocking mode: O_NONBLOCK (octal 04000) among its flags. */
  boolean isNonBlocking() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + held.intValue()))) {
      if (line.startsWith("flags:")) {
        return (Integer.parseInt(line.substring("flags:".length()).trim(), 8) & 04000) != 0;
      }
    }
    throw new IOException("no flags in /proc/self/fdinfo/" + held.intValue());
  }

  /**
   * Each socket listening on this port, as the kernel lists it: how many connections wait in its
   * accept queue.
   */
  List<Integer> queues() {
    String port = String.format(Locale.ROOT, ":%04X", port());
    List<Integer> queues = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : readAllLines(Path.of(table))) {
        // sl local_address rem_address st tx_queue:rx_queue ...; a listening socket's rx is its queue
        String[] f = line.trim().split("\\s+");
        if (f[1].endsWith(port) && f[3].equals("0A")) {
          queues.add(Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16));
        }
      }
    }
    return queues;
  }

  private static List<String> readAllLines(Path table) {
    try {
      return Files.readAllLines(table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** systemd letting go of the socket: it closes once no server holds a copy either. */
  @Override
  public void close() throws IOException {
    held.close();
  }
}
