package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ClientConfig;
import dev.berth.protocol.Framing;
import dev.berth.testing.Await;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BerthClient} with TLS and PROXY headers against test servers that speak them. */
class ConnectionFrontTest {

  @TempDir
  static Path folder;
  private static TestPki pki;
  private static TestPki.Issued server;

  private final List<String> replies = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void makeCertificates() {
    pki = TestPki.create(folder, "Test CA");
    server = pki.server("server");
  }

  @Test
  void exchangesMessagesOverVerifiedTls() {
    TlsFront tls = TlsFront.of(server);
    try (TestServer echo = TestServer.start(Framing.LENGTH, TestServer.Behaviour.ECHO, 0, tls);
        BerthClient client = BerthClient.connect(config(echo, "framing", "length", "tls", "true",
            "tls-ca", pki.caFile().toString(), "host", "localhost"), this::collect)) {
      client.send("over");
      client.send("tls");
      client.finish();
      client.awaitClosed();

      assertThat(replies).containsExactly("over", "tls");
      assertThat(tls.serverNames()).containsExactly("localhost");
    }
  }

  @ParameterizedTest
  @CsvSource({"OPENSSL, TLSv1.3", "OPENSSL, TLSv1.2", "JDK, TLSv1.3", "JDK, TLSv1.2"})
  void everyMessageInFlightIsAnsweredAfterTheClientsHalfClose(SslProvider provider, String version) {
    TlsFront tls = TlsFront.of(server, provider, version);
    List<String> sent = new java.util.ArrayList<>();
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, tls);
        BerthClient client = BerthClient.connect(config(echo, "tls", "true", "tls-ca", pki.caFile().toString()),
            this::collect)) {
      for (int i = 0; i < 2000; i++) {
        sent.add("message " + i);
        client.send("message " + i);
      }
      client.finish();
      client.awaitClosed();

      assertThat(replies).containsExactlyElementsOf(sent);
      assertThat(client.stats().resent()).isZero();
    }
  }

  @Test
  void presentsAClientCertificateToAServerThatRequiresOne() {
    TestPki.Issued client = pki.client("client", "berth client");
    TlsFront tls = TlsFront.requiringClientCertificates(server, pki.ca());
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, tls);
        BerthClient berth = BerthClient.connect(config(echo, "tls", "true", "tls-ca", pki.caFile().toString(),
            "tls-cert", client.certificateFile().toString(), "tls-key", client.keyFile().toString()), this::collect)) {
      berth.send("mutual");
      berth.finish();
      berth.awaitClosed();

      assertThat(replies).containsExactly("mutual");
      assertThat(tls.clientSubjects()).containsExactly("CN=berth client");
    }
  }

  @Test
  void aFailedHandshakeIsOneLineThatSaysWhy() {
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, TlsFront.of(server))) {
      assertThatThrownBy(() -> BerthClient.connect(config(echo, "tls", "true"), this::collect))
          .isInstanceOf(ClientException.class)
          .hasFieldOrPropertyWithValue("kind", ClientException.Kind.TLS)
          .hasMessage("TLS handshake with 127.0.0.1:" + echo.port() + " failed: the server's certificate is not "
              + "trusted: it does not chain to a CA the JDK trusts (give its CA with --tls-ca, or skip verification "
              + "with --tls-insecure)");
    }
  }

  @Test
  void aServerThatEndsItsSideDuringTheHandshakeFailsItAtOnce() {
    try (TestServer plain = TestServer.start(Framing.LINE, TestServer.Behaviour.HALF_CLOSE_AFTER, 0)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> BerthClient.connect(config(plain, "tls", "true", "connect-timeout", "1m"), this::collect))
          .isInstanceOf(ClientException.class)
          .hasMessage("TLS handshake with 127.0.0.1:" + plain.port() + " failed: the server closed the connection "
              + "during the handshake (a plain-text port, or a server that needs a PROXY header first?)");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
    }
  }

  @Test
  void aServerThatRejectsTheClientAfterTheHandshakeEndsTheExchangeWithTheReason() {
    TlsFront tls = TlsFront.requiringClientCertificates(server, pki.ca(), "TLSv1.3");
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, tls);
        BerthClient client = BerthClient.connect(config(echo, "tls", "true", "tls-ca", pki.caFile().toString()),
            this::collect)) {
      client.send("hello");
      client.finish();

      assertThatThrownBy(client::awaitClosed)
          .isInstanceOf(ClientException.class)
          .hasFieldOrPropertyWithValue("kind", ClientException.Kind.TLS)
          .hasMessageStartingWith("TLS with 127.0.0.1:" + echo.port()
              + " failed: the server requires a client certificate (give --tls-cert and --tls-key)");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "v1, , V1, TCP4",
      "v2, , V2, TCP4",
      "v1, 192.0.2.7:4711, V1, TCP4",
      "v2, 192.0.2.7:4711, V2, TCP4",
      "v1, [2001:db8::7]:4711, V1, TCP6",
      "v2, [2001:db8::7]:4711, V2, TCP6"})
  void sendsAProxyHeaderFromTheRealAddressesOrTheGivenSource(String version, String source,
      HAProxyProtocolVersion expectedVersion, HAProxyProxiedProtocol expectedProtocol) {
    ProxyFront proxy = new ProxyFront();
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, proxy)) {
      List<String> pairs = new java.util.ArrayList<>(List.of("proxy-protocol", version));
      if (source != null) {
        pairs.addAll(List.of("proxy-source", source));
      }
      exchange(echo, pairs.toArray(String[]::new));

      ProxyFront.Header header = proxy.headers().get(0);
      assertThat(proxy.headers()).hasSize(1);
      assertThat(header.version()).isEqualTo(expectedVersion);
      assertThat(header.protocol()).isEqualTo(expectedProtocol);
      assertThat(header.destinationPort()).isEqualTo(echo.port());
      if (source == null) {
        assertThat(header.source()).isEqualTo("127.0.0.1");
        assertThat(header.sourcePort()).isPositive();
        assertThat(header.destination()).isEqualTo("127.0.0.1");
      } else if (expectedProtocol == HAProxyProxiedProtocol.TCP4) {
        assertThat(header.source()).isEqualTo("192.0.2.7");
        assertThat(header.sourcePort()).isEqualTo(4711);
        assertThat(header.destination()).isEqualTo("127.0.0.1");
      } else {
        // Both addresses of a header are of one family: the IPv4 destination is written IPv4-mapped.
        assertThat(header.source()).isIn("2001:db8::7", "2001:db8:0:0:0:0:0:7");
        assertThat(header.sourcePort()).isEqualTo(4711);
        assertThat(header.destination()).isIn("::ffff:127.0.0.1", "0:0:0:0:0:ffff:7f00:1");
      }
    }
  }

  @Test
  void theProxyHeaderComesBeforeTls() {
    TlsFront tls = TlsFront.of(server);
    ProxyFront proxy = new ProxyFront(tls);
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, proxy)) {
      exchange(echo, "proxy-protocol", "v2", "tls", "true", "tls-ca", pki.caFile().toString());

      assertThat(proxy.headers()).hasSize(1);
      assertThat(tls.handshakes()).isEqualTo(1);
    }
  }

  @Test
  void resentMessagesGoOverANewTlsConnectionWithItsOwnHeader() {
    TlsFront tls = TlsFront.of(server);
    ProxyFront proxy = new ProxyFront(tls);
    try (TestServer drains = TestServer.start(Framing.LINE, TestServer.Behaviour.HALF_CLOSE_AFTER, 2, proxy);
        BerthClient client = BerthClient.connect(config(drains, "proxy-protocol", "v1", "tls", "true",
            "tls-ca", pki.caFile().toString()), this::collect)) {
      for (int i = 0; i < 5; i++) {
        client.send("message " + i);
      }
      client.finish();
      client.awaitClosed();

      assertThat(replies).containsExactly("message 0", "message 1", "message 2", "message 3", "message 4");
      assertThat(client.stats().reconnects()).isPositive();
      Await.until("every connection's header", () -> proxy.headers().size() == client.stats().reconnects() + 1);
    }
  }

  private void exchange(TestServer server, String... pairs) {
    try (BerthClient client = BerthClient.connect(config(server, pairs), this::collect)) {
      client.send("hello");
      client.finish();
      client.awaitClosed();
    }
    assertThat(replies).containsExactly("hello");
  }

  private void collect(byte[] payload) {
    replies.add(new String(payload, StandardCharsets.UTF_8));
  }

  private static ClientConfig config(TestServer server, String... pairs) {
    List<String> all = new java.util.ArrayList<>(List.of("port", Integer.toString(server.port()), "timeout", "10s"));
    all.addAll(List.of(pairs));
    return ClientConfig.defaults(all.toArray(String[]::new));
  }
}
