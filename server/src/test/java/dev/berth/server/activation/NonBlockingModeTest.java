package dev.berth.server.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.ConfigException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blocking socket is made non-blocking with the JDK's call (this test JVM has the export that
 * berth.jar's manifest grants), one that is non-blocking already is left alone, and where the JVM
 * does not allow the change the error says what to do.
 */
class NonBlockingModeTest {

  @Test
  void aBlockingSocketIsMadeNonBlocking() throws Exception {
    assumeTrue(Epoll.isAvailable(), "needs epoll (Linux)");
    Socket socket = Socket.newSocketStream();
    try {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      socket.listen(8);
      setBlocking(socket.intValue()); // as systemd passes it without NonBlocking=yes
      assertThat(NonBlockingMode.JDK.isNonBlocking(socket.intValue())).hasValue(false);

      NonBlockingMode.JDK.make(new PassedSocket(socket.intValue(), "tcp-0"));

      assertThat(NonBlockingMode.JDK.isNonBlocking(socket.intValue())).hasValue(true);
    } finally {
      socket.close();
    }
  }

  @Test
  void aNonBlockingSocketNeedsNoChange(@TempDir Path fdinfo) throws IOException {
    Files.writeString(fdinfo.resolve("3"), "pos:\t0\nflags:\t04002\nmnt_id:\t10\nino:\t36046697\n");
    List<Integer> changed = new ArrayList<>();

    new NonBlockingMode(new RecordingSwitch(false, changed), fdinfo).make(new PassedSocket(3, "tcp-1"));

    assertThat(changed).isEmpty();
  }

  @Test
  void aBlockingSocketIsChanged(@TempDir Path fdinfo) throws IOException {
    Files.writeString(fdinfo.resolve("3"), "pos:\t0\nflags:\t02\nmnt_id:\t10\nino:\t36046697\n");
    List<Integer> changed = new ArrayList<>();

    new NonBlockingMode(new RecordingSwitch(true, changed), fdinfo).make(new PassedSocket(3, "tcp-1"));

    assertThat(changed).containsExactly(3);
  }

  @Test
  void anUnreadableModeIsChangedToBeSure(@TempDir Path fdinfo) {
    List<Integer> changed = new ArrayList<>();

    new NonBlockingMode(new RecordingSwitch(true, changed), fdinfo).make(new PassedSocket(3, "tcp-1"));

    assertThat(changed).containsExactly(3);
  }

  @Test
  void withoutTheJdksCallTheErrorSaysToSetNonBlockingInTheService(@TempDir Path fdinfo) throws IOException {
    Files.writeString(fdinfo.resolve("3"), "pos:\t0\nflags:\t02\n");
    NonBlockingMode mode = new NonBlockingMode(new RecordingSwitch(false, new ArrayList<>()), fdinfo);

    assertThatThrownBy(() -> mode.make(new PassedSocket(3, "tcp-12345")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("systemd passed socket \"tcp-12345\" (fd 3) in blocking mode, which berth cannot change in this "
            + "JVM (java.base does not export sun.nio.ch to it: start berth.jar with java -jar, or add --add-exports "
            + "java.base/sun.nio.ch=ALL-UNNAMED); or set NonBlocking=yes in the service unit");
  }

  /** A switch that records what it changed, or is not available. */
  private record RecordingSwitch(boolean available, List<Integer> changed) implements NonBlockingMode.Switch {
    @Override
    public void makeNonBlocking(int fd) {
      assertThat(available).as("called only when available").isTrue();
      changed.add(fd);
    }
  }

  /** The mode systemd passes sockets in: the JDK's call, the other way. */
  private static void setBlocking(int fd) throws ReflectiveOperationException {
    Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
    Object descriptor = ioUtil.getMethod("newFD", int.class).invoke(null, fd);
    ioUtil.getMethod("configureBlocking", FileDescriptor.class, boolean.class).invoke(null, descriptor, true);
  }
}
