package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.ServerConfig;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.counters.CloseCause;
import dev.berth.testing.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several listeners in one server, PROXY protocol and the info mode, over loopback. */
class ListenersIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final TestServers servers = new TestServers("host", "127.0.0.1", "metrics", "false", "instance-id", "it-1");

  @Test
  @Timeout(30)
  void fourListenersEachServeTheirOwnFramingAndAreCountedApart() throws Exception {
    BerthServer server = servers.start("listen", String.join("\n",
        "name=lines,port=0",
        "name=frames,port=0,framing=length,mode=reverse",
        "name=stream,port=0,framing=raw",
        "name=who,port=0,mode=info,greeting=\"hi {client} on {listener}\""));

    try (TestPeer lines = new TestPeer(server.boundAddress("lines"));
        TestPeer frames = new TestPeer(server.boundAddress("frames"));
        TestPeer stream = new TestPeer(server.boundAddress("stream"));
        TestPeer who = new TestPeer(server.boundAddress("who"))) {
      lines.send("a\nb\r\n");
      assertThat(lines.readLineWithTerminator()).isEqualTo("a\n");
      assertThat(lines.readLineWithTerminator()).isEqualTo("b\r\n");
      frames.send(TestPeer.lengthFrame("héllo"));
      assertThat(frames.readLengthFrameText()).isEqualTo("olléh");
      stream.send("raw bytes");
      assertThat(new String(stream.readExactly(9), StandardCharsets.US_ASCII)).isEqualTo("raw bytes");
      assertThat(who.readLineWithTerminator())
          .isEqualTo("hi 127.0.0.1:" + who.localPort() + " on who\n");
      who.send("x\n");
      JsonNode info = JSON.readTree(who.readLineWithTerminator());
      assertThat(info.get("listener").asText()).isEqualTo("who");
      assertThat(info.get("instance").asText()).isEqualTo("it-1");
      assertThat(info.get("client").asText()).isEqualTo("127.0.0.1:" + who.localPort());
      assertThat(info.get("server").asText()).isEqualTo("127.0.0.1:" + server.boundAddress("who").getPort());
      assertThat(info.get("proxied").asBoolean()).isFalse();
      assertThat(info.get("tls").isNull()).isTrue();
      assertThat(info.get("messages").asInt()).isEqualTo(1);
      assertThat(info.get("message").asText()).isEqualTo("x");
    }

    Await.until("four closes counted", () -> List.of("lines", "frames", "stream", "who").stream()
        .allMatch(name -> server.counters(name).connectionsClosed(CloseCause.PEER) == 1));
    assertThat(server.counters("lines").messagesReceived()).isEqualTo(2);
    assertThat(server.counters("frames").messagesReceived()).isEqualTo(1);
    assertThat(server.counters("stream").messagesReceived()).isZero(); // a raw stream has no messages
    assertThat(server.counters("stream").bytesReceived()).isEqualTo(9);
    assertThat(server.counters("who").messagesReceived()).isEqualTo(1);
    assertThat(server.counters("who").messagesSent()).isEqualTo(2); // the greeting and the reply
    assertThat(server.activeConnections()).isZero();
  }

  @Test
  @Timeout(30)
  void behindAProxyTheHeadersSourceIsTheClient() throws Exception {
    BerthServer server = servers.start("mode", "info", "proxy-protocol", "any", "greeting", "hello {client}",
        "framing", "length", "port", "0");

    try (TestPeer balancer = new TestPeer(server.boundAddress())) {
      balancer.send("PROXY TCP6 2001:db8::7 2001:db8::1 40000 443\r\n");
      assertThat(balancer.readLengthFrameText()).isEqualTo("hello [2001:db8::7]:40000");
      balancer.send(TestPeer.lengthFrame("hi"));
      JsonNode info = JSON.readTree(balancer.readLengthFrameText());
      assertThat(info.get("client").asText()).isEqualTo("[2001:db8::7]:40000");
      assertThat(info.get("proxied").asBoolean()).isTrue();
      assertThat(info.get("proxy_destination").asText()).isEqualTo("[2001:db8::1]:443");
      assertThat(info.get("server").asText()).isEqualTo("127.0.0.1:" + server.boundAddress().getPort());
    }
  }

  @Test
  @Timeout(30)
  void aMissingProxyHeaderIsAProtocolErrorEndedWithAFin() throws Exception {
    BerthServer server = servers.start("proxy-protocol", "v1", "port", "0");

    try (TestPeer notABalancer = new TestPeer(server.boundAddress())) {
      notABalancer.send("hello\n");
      assertThat(notABalancer.readToEof()).isEmpty(); // a FIN, not a reset, and no answer
      notABalancer.send("still talking\n"); // read and dropped: no reset for this either
      notABalancer.shutdownOutput();
    }
    Await.until("the error counted", () -> server.counters()
        .protocolErrors(ProtocolException.Reason.PROXY_HEADER) == 1);
    Await.until("the close counted", () -> server.counters().connectionsClosed(CloseCause.PROTOCOL) == 1);
  }

  @Test
  @Timeout(30)
  void aListenerThatCannotBindFailsTheStartInOneLineNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      BerthServer server = new BerthServer(ServerConfig.defaults("host", "127.0.0.1", "metrics", "false",
          "listen", "name=free,port=0\nname=busy,port=" + taken.getLocalPort()));
      servers.add(server);

      assertThatThrownBy(server::start)
          .isInstanceOf(ServerStartException.class)
          .hasMessage("listener busy: cannot bind 127.0.0.1:" + taken.getLocalPort()
              + ": address already in use (held by a process without SO_REUSEPORT, or by another user)");
    }
  }
}
