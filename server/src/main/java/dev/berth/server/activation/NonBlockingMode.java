package dev.berth.server.activation;

import dev.berth.config.ConfigException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Puts a passed listening socket in non-blocking mode, which Netty's epoll transport expects: it
 * accepts when epoll says that a connection waits, and where someone else takes that connection
 * first (two processes on one socket, as during a handover), an accept on a blocking socket would
 * stall the event loop until the next client came. systemd passes sockets blocking unless the
 * service unit says {@code NonBlocking=yes}, and {@code systemd-socket-activate} always does.
 *
 * <p>The mode is read from {@code /proc/self/fdinfo/<fd>} and changed with the JDK's own {@code
 * fcntl(2)} call ({@code sun.nio.ch.IOUtil.configureBlocking}; Netty has none), which the JVM lets
 * berth use only where {@code java.base} exports {@code sun.nio.ch} to it: berth.jar's manifest
 * says so ({@code Add-Exports}), for {@code java -jar}. The mode belongs to the open socket, which
 * systemd's copy shares: systemd only polls its copy, and {@code NonBlocking=yes} sets the same.
 */
final class NonBlockingMode {

  /** {@code O_NONBLOCK}, octal as fdinfo writes flags (Linux). */
  private static final int O_NONBLOCK = 04000;

  /** Changes a descriptor to non-blocking mode. */
  interface Switch {
    /** Whether this JVM allows it. */
    boolean available();

    void makeNonBlocking(int fd) throws IOException;
  }

  /** The JDK's switch, through reflection so that berth compiles and runs without the export too. */
  private static final Switch JDK_SWITCH = new Switch() {
    @Override
    public boolean available() {
      return Object.class.getModule().isExported("sun.nio.ch", NonBlockingMode.class.getModule());
    }

    @Override
    public void makeNonBlocking(int fd) throws IOException {
      try {
        Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
        Object descriptor = ioUtil.getMethod("newFD", int.class).invoke(null, fd);
        ioUtil.getMethod("configureBlocking", FileDescriptor.class, boolean.class).invoke(null, descriptor, false);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof IOException) {
          throw (IOException) e.getCause();
        }
        throw new IllegalStateException("sun.nio.ch.IOUtil.configureBlocking failed", e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("sun.nio.ch.IOUtil is not as expected in this JDK", e);
      }
    }
  };

  static final NonBlockingMode JDK = new NonBlockingMode(JDK_SWITCH, Path.of("/proc/self/fdinfo"));

  private final Switch change;
  private final Path fdinfo;

  NonBlockingMode(Switch change, Path fdinfo) {
    this.change = change;
    this.fdinfo = fdinfo;
  }

  /**
   * Makes {@code socket} non-blocking unless it is already.
   *
   * @throws ConfigException where it is blocking and this JVM does not let berth change that
   */
  void make(PassedSocket socket) {
    if (isNonBlocking(socket.fd()).orElse(false)) {
      return;
    }
    if (!change.available()) {
      throw new ConfigException("systemd passed socket " + socket + " in blocking mode, which berth cannot change "
          + "in this JVM (java.base does not export sun.nio.ch to it: start berth.jar with java -jar, or add "
          + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED); or set NonBlocking=yes in the service unit");
    }
    try {
      change.makeNonBlocking(socket.fd());
    } catch (IOException e) {
      throw new UncheckedIOException("socket " + socket + ": making it non-blocking failed: " + e.getMessage(), e);
    }
  }

  /** Whether {@code fd} is non-blocking, as its fdinfo says; empty where that cannot be read. */
  Optional<Boolean> isNonBlocking(int fd) {
    try {
      List<String> lines = Files.readAllLines(fdinfo.resolve(Integer.toString(fd)));
      for (String line : lines) {
        if (line.startsWith("flags:")) {
          return Optional.of((Integer.parseInt(line.substring("flags:".length()).trim(), 8) & O_NONBLOCK) != 0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: the caller switches anyway
    }
    return Optional.empty();
  }
}
