package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.Transport;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.transport.NettyTransport;
import dev.berth.testing.Await;
import dev.berth.testing.OpensslProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole server with TLS over loopback: the pipeline as the listeners build it, with the PROXY
 * reader in front, the drain, the counters. (The TLS handlers alone, with verifying clients and
 * each provider: dev.berth.server.tls.)
 */
class TlsServerIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  final TestServers servers = new TestServers("host", "127.0.0.1", "port", "0", "io-threads", "2", "metrics", "false",
      "tls-self-signed", "true");

  static Stream<Transport> transports() {
    return Stream.of(Transport.NIO, Transport.EPOLL, Transport.IO_URING).filter(NettyTransport::isAvailable);
  }

  @ParameterizedTest
  @MethodSource("transports")
  @Timeout(30)
  void echoesOverTlsOnEveryTransportAndCountsTheBytesOnTheWire(Transport transport) throws Exception {
    BerthServer server = servers.start("transport", transport.optionName());
    try (SSLSocket client = connect(server.boundAddress().getPort())) {
      assertThat(roundTrip(client, "hello")).isEqualTo("hello");
    }
    Await.until("the close counted", () -> server.counters().connectionsClosed(CloseCause.PEER) == 1);
    assertThat(server.counters().messagesReceived()).isEqualTo(1);
    // Ciphertext: the handshake and the records, far more than the six bytes of the line.
    assertThat(server.counters().bytesReceived()).isGreaterThan(200);
    assertThat(server.counters().bytesSent()).isGreaterThan(200);
  }

  @Test
  @Timeout(30)
  void behindAProxyTheHeaderComesFirstThenTls() throws Exception {
    BerthServer server = servers.start("mode", "info", "proxy-protocol", "v1");
    int port = server.boundAddress().getPort();
    Socket raw = new Socket("127.0.0.1", port);
    raw.getOutputStream().write("PROXY TCP4 203.0.113.7 192.0.2.1 56324 443\r\n".getBytes(StandardCharsets.US_ASCII));
    try (SSLSocket client = (SSLSocket) trustingAll().getSocketFactory().createSocket(raw, "localhost", port, true)) {
      client.setSoTimeout(10_000);
      JsonNode info = JSON.readTree(roundTrip(client, "who"));
      assertThat(info.get("client").asText()).isEqualTo("203.0.113.7:56324");
      assertThat(info.get("tls").get("version").asText()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  @Timeout(30)
  void plainTextOnATlsListenerIsATlsMismatchEndedWithAFin() throws Exception {
    BerthServer server = servers.start();
    try (TestPeer plain = new TestPeer(server.boundAddress())) {
      plain.send("hello\n");
      assertThat(plain.readToEof()).isEmpty();
      plain.send("still talking\n"); // read and dropped: no reset
      plain.shutdownOutput();
    }
    Await.until("the error counted",
        () -> server.counters().protocolErrors(ProtocolException.Reason.TLS_MISMATCH) == 1);
    Await.until("the close counted", () -> server.counters().connectionsClosed(CloseCause.PROTOCOL) == 1);
  }

  @Test
  @Timeout(60)
  void aDrainEndsATlsConnectionWithCloseNotifyThenFin() throws Exception {
    Assumptions.assumeTrue(OpensslProcess.present(), "no openssl command here");
    BerthServer server = servers.start("drain-timeout", "30s");
    try (OpensslProcess client = OpensslProcess.start("s_client", "-connect",
        "127.0.0.1:" + server.boundAddress().getPort(), "-quiet")) {
      client.send("hello\n");
      Await.until("the echo", () -> client.output().contains("\nhello\n"));
      CompletableFuture<Void> drain = CompletableFuture.runAsync(server::drain);
      // s_client ends by itself on close_notify; a bare FIN would be "unexpected eof" to it.
      Await.until("s_client ended", () -> !client.isAlive());
      drain.get();
      assertThat(client.output()).doesNotContain("unexpected eof").doesNotContain(":error:");
      // Counted when the channel goes inactive, which may be just after drain() returns.
      Await.until("the connection counted closed by the drain", Duration.ofSeconds(10),
          () -> server.counters().connectionsClosed(CloseCause.DRAIN) == 1);
    }
  }

  private static SSLSocket connect(int port) throws Exception {
    SSLSocket socket = (SSLSocket) trustingAll().getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String roundTrip(Socket socket, String line) throws Exception {
    socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /** A client that takes any certificate: these tests are about the server's pipeline, not about verification. */
  private static SSLContext trustingAll() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return context;
  }
}
