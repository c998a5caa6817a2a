package dev.berth.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.server.BerthServer;
import dev.berth.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code berth ctl} requests, answered by a running server on its control socket. */
@Timeout(30)
class ServerControlTest {

  @TempDir
  Path dir;

  private BerthServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Path start(String... listeners) throws Exception {
    Path socket = dir.resolve("berth.sock");
    server = new BerthServer(ServerConfig.defaults("host", "127.0.0.1", "port", "0", "metrics", "false",
        "control-socket", socket.toString(), "listen", String.join(";", listeners)));
    server.start();
    return socket;
  }

  /** One request over the socket, as berth ctl sends it; the whole reply, to the server's close. */
  private static String ask(Path socket, String line) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      while (channel.read(buffer) >= 0) {
        reply.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      return reply.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void statusNamesEachListenerWithItsAddressConnectionsAndFaults() throws Exception {
    Path socket = start("name=plain,port=0", "name=slow,port=0,mode=reverse,delay=5ms");
    int plain = server.boundAddress("plain").getPort();
    try (Socket open = new Socket("127.0.0.1", plain)) {
      Await.until("the connection counted", () -> server.activeConnections("plain") == 1);
      String status = ask(socket, "BERTH/1 STATUS");

      assertThat(status).startsWith("OK\nberth ").contains(" state=ready connections=1\n")
          .contains("listener plain tcp 127.0.0.1:" + plain + " framing=line mode=echo tls=off proxy-protocol=off "
              + "connections=1 faults=none\n")
          .contains("listener slow tcp 127.0.0.1:" + server.boundAddress("slow").getPort()
              + " framing=line mode=reverse tls=off proxy-protocol=off connections=0 faults=delay=5ms\n");
    }
  }

  @Test
  void statusInJsonIsOneObject() throws Exception {
    Path socket = start("name=a,port=0,drop-rate=0.5");
    String reply = ask(socket, "BERTH/1 STATUS JSON");

    assertThat(reply).startsWith("OK\n{\"instance\":").endsWith("}\n").contains("\"state\":\"ready\"",
        "\"draining\":false", "\"listeners\":[{\"name\":\"a\",\"protocol\":\"tcp\",\"address\":\"127.0.0.1:"
            + server.boundAddress("a").getPort() + "\"", "\"faults\":{\"drop-rate\":\"0.5\"}");
    assertThat(reply.lines().count()).isEqualTo(2);
  }

  @Test
  void aFaultChangeAppliesToTheNextMessageOnAnOpenConnection() throws Exception {
    Path socket = start("name=a,port=0");
    try (Socket client = new Socket("127.0.0.1", server.boundAddress("a").getPort())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write("one\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(line(client.getInputStream())).isEqualTo("one");

      assertThat(ask(socket, "BERTH/1 FAULTS-SET a close-after=1")).isEqualTo("OK\na close-after=1\n");
      client.getOutputStream().write("two\nthree\n".getBytes(StandardCharsets.US_ASCII));

      // The connection had answered one message before: the change counts from the next one.
      assertThat(line(client.getInputStream())).isEqualTo("two");
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void setChangesOnlyTheKeysGivenAndClearTurnsEveryFaultOff() throws Exception {
    Path socket = start("name=a,port=0,delay=5ms", "name=b,port=0");

    assertThat(ask(socket, "BERTH/1 FAULTS-SET * drop-rate=0.25")).isEqualTo(
        "OK\na delay=5ms drop-rate=0.25\nb drop-rate=0.25\n");
    assertThat(ask(socket, "BERTH/1 FAULTS b JSON")).isEqualTo("OK\n{\"b\":{\"drop-rate\":\"0.25\"}}\n");
    assertThat(ask(socket, "BERTH/1 FAULTS-CLEAR a")).isEqualTo("OK\na none\n");
    assertThat(ask(socket, "BERTH/1 FAULTS *")).isEqualTo("OK\na none\nb drop-rate=0.25\n");
  }

  @Test
  void aBadValueChangesNoListener() throws Exception {
    Path socket = start("name=a,port=0", "name=b,port=0");

    assertThat(ask(socket, "BERTH/1 FAULTS-SET * delay=5ms drop-rate=2"))
        .isEqualTo("ERROR drop-rate: 2.0 (expected: a probability from 0 to 1)\n");
    assertThat(ask(socket, "BERTH/1 FAULTS-SET * slow=yes")).startsWith("ERROR not a fault: \"slow=yes\" "
        + "(expected KEY=VALUE with KEY one of delay, ");
    assertThat(ask(socket, "BERTH/1 FAULTS *")).isEqualTo("OK\na none\nb none\n");
  }

  @Test
  void requestsThatMeanNothingGetOneLineSayingWhy() throws Exception {
    Path socket = start("name=a,port=0");

    assertThat(ask(socket, "BERTH/1 FAULTS nope")).isEqualTo("ERROR no listener named nope (there are: a)\n");
    assertThat(ask(socket, "BERTH/1 FAULTS")).isEqualTo("ERROR which listener? (a name, or * for every one)\n");
    assertThat(ask(socket, "BERTH/1 RELOAD-TLS")).isEqualTo("ERROR no listener has TLS on: nothing to reload\n");
    assertThat(ask(socket, "BERTH/1 FROB")).startsWith("ERROR unknown request \"FROB\"");
    // The server still serves after all of them.
    assertThat(ask(socket, "BERTH/1 STATUS")).startsWith("OK\n");
  }

  @Test
  void aRequestLongerThanTheLimitIsCutOffWithoutAnAnswer() throws Exception {
    Path socket = start("name=a,port=0");

    assertThat(ask(socket, "BERTH/1 FAULTS-SET * delay=" + "1".repeat(5000) + "ms")).isEmpty();
    assertThat(ask(socket, "BERTH/1 FAULTS-SET * delay=" + "1".repeat(4000 - 30) + "ms")).startsWith("ERROR ");
  }

  @Test
  void drainStartsTheGracefulStop() throws Exception {
    Path socket = start("name=a,port=0");

    assertThat(ask(socket, "BERTH/1 DRAIN")).isEqualTo("OK\ndraining\n");
    assertThat(server.stopRequested().get(10, TimeUnit.SECONDS)).isEqualTo("berth ctl drain");
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("EOF after \"" + line + "\"");
      }
      line.append((char) b);
    }
    return line.toString();
  }
}
