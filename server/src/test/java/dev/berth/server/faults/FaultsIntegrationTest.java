package dev.berth.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.FaultSettings;
import dev.berth.server.BerthServer;
import dev.berth.server.LogCapture;
import dev.berth.server.TestServers;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.FaultKind;
import dev.berth.testing.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults on purpose over real loopback sockets: what a client really sees. */
class FaultsIntegrationTest {

  @RegisterExtension
  final TestServers servers = new TestServers("host", "127.0.0.1", "metrics", "false");

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()), 5000);
    socket.setSoTimeout(10_000);
    return socket;
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

  @Test
  @Timeout(30)
  void resetAfterIsARealRstTheClientSeesAsAReset() throws Exception {
    BerthServer server = servers.start("port", "0", "reset-after", "2");
    try (LogCapture log = LogCapture.of(ListenerFaults.class); Socket client = connect(server.boundAddress())) {
      client.getOutputStream().write("one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = client.getInputStream();
      assertThat(line(in)).isEqualTo("one");
      assertThat(line(in)).isEqualTo("two");

      assertThatThrownBy(() -> in.read()).isInstanceOf(SocketException.class).hasMessageContaining("reset");
      assertThat(log.lines()).containsExactly("DEBUG fault reset: connection 1 of listener tcp-0");
    }
    Await.until("the reset counted", () -> server.counters().connectionsClosed(CloseCause.FAULT) == 1);
    assertThat(server.counters().faultsInjected(FaultKind.RESET)).isEqualTo(1);
  }

  @Test
  @Timeout(30)
  void closeAfterIsAFinAfterTheNthReply() throws Exception {
    BerthServer server = servers.start("port", "0", "close-after", "1");
    try (Socket client = connect(server.boundAddress())) {
      client.getOutputStream().write("only\nignored\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("only\n");
    }
  }

  @Test
  @Timeout(60)
  void aStalledConnectionsSendsBlockWhileOthersAreServedAndTheIdleTimeoutEndsIt() throws Exception {
    BerthServer server = servers.start("port", "0", "stall-after", "1", "idle-timeout", "2s");
    try (SocketChannel stalled = SocketChannel.open(server.boundAddress());
        Socket other = connect(server.boundAddress())) {
      stalled.write(ByteBuffer.wrap("first\n".getBytes(StandardCharsets.US_ASCII)));
      Await.until("the stall", () -> server.counters().faultsInjected(FaultKind.STALL) == 1);
      // The server reads no more: once the kernel's buffers are full, a write takes nothing.
      stalled.configureBlocking(false);
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      long written = 0;
      int emptyWrites = 0;
      while (emptyWrites < 3 && written < (512L << 20)) {
        chunk.clear();
        int n = stalled.write(chunk);
        written += n;
        emptyWrites = n == 0 ? emptyWrites + 1 : 0;
      }
      assertThat(emptyWrites).as("sends blocked after %d bytes", written).isEqualTo(3);

      other.getOutputStream().write("served\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(line(other.getInputStream())).isEqualTo("served"); // a stall is one connection's
      other.close(); // before it could go idle too

      Await.until("the stalled connection closed by the idle timeout", Duration.ofSeconds(30),
          () -> server.counters().connectionsClosed(CloseCause.IDLE) == 1);
    }
  }

  @Test
  @Timeout(30)
  void faultsArePerListener() throws Exception {
    BerthServer server = servers.start("listen", "name=slow,port=0,delay=300ms\nname=fast,port=0");
    try (Socket slow = connect(server.boundAddress("slow")); Socket fast = connect(server.boundAddress("fast"))) {
      long start = System.nanoTime();
      slow.getOutputStream().write("a\n".getBytes(StandardCharsets.US_ASCII));
      fast.getOutputStream().write("b\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(line(fast.getInputStream())).isEqualTo("b");
      assertThat(line(slow.getInputStream())).isEqualTo("a");
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }
    assertThat(server.counters("slow").faultsInjected(FaultKind.DELAY)).isEqualTo(1);
    assertThat(server.counters("fast").faultsInjected(FaultKind.DELAY)).isZero();
  }

  @Test
  @Timeout(30)
  void delayedRepliesKeepTheirOrderUnderPipelining() throws Exception {
    BerthServer server = servers.start("port", "0", "delay", "1ms..50ms", "framing", "length");
    try (Socket client = connect(server.boundAddress())) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      ByteBuffer frames = ByteBuffer.allocate(100 * 12);
      for (int i = 0; i < 100; i++) {
        frames.putLong(12).putInt(i);
      }
      long start = System.nanoTime();
      client.getOutputStream().write(frames.array());
      for (int i = 0; i < 100; i++) {
        assertThat(in.readLong()).isEqualTo(12);
        assertThat(in.readInt()).as("reply " + i).isEqualTo(i);
      }
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1);
    }
    assertThat(server.counters().faultsInjected(FaultKind.DELAY)).isEqualTo(100);
  }

  @Test
  @Timeout(60)
  void aThrottledReplyTakesAtLeastItsShareOfTime() throws Exception {
    BerthServer server = servers.start("port", "0", "framing", "raw", "throttle", "256KiB");
    try (Socket client = connect(server.boundAddress())) {
      byte[] reply = new byte[256 * 1024];
      long start = System.nanoTime();
      client.getOutputStream().write(reply);
      client.getInputStream().readNBytes(reply.length);

      // 256 KiB at 256 KiB a second: at least the second's worth beyond the first tick's bucket.
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(900);
    }
    assertThat(server.counters().faultsInjected(FaultKind.THROTTLE)).isPositive();
  }

  @Test
  @Timeout(30)
  void aFaultChangeAppliesToAnOpenConnectionFromTheNextMessage() throws Exception {
    BerthServer server = servers.start("port", "0");
    try (Socket client = connect(server.boundAddress())) {
      client.getOutputStream().write("before\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(line(client.getInputStream())).isEqualTo("before");

      server.faults().values().forEach(faults -> faults.set(FaultSettings.NONE.with(Map.of("close-after", "1"))));
      client.getOutputStream().write("after\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("after\n");
    }
  }
}
