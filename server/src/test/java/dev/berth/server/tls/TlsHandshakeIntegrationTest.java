package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.TlsClientAuth;
import dev.berth.config.TlsConfig;
import dev.berth.config.TlsProvider;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.tls.HandshakeCounters.Result;
import dev.berth.testing.Await;
import dev.berth.testing.OpensslProcess;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The TLS handlers in front of an echo over loopback, with real clients, on each provider that loads here. */
class TlsHandshakeIntegrationTest {

  private static final TestPki PKI = TestPki.create("berth test CA");

  @TempDir
  Path dir;

  @Test
  void openSslLoadsOnLinuxX8664() {
    boolean linuxX8664 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
        && System.getProperty("os.arch").equals("amd64");
    if (linuxX8664) {
      assertThat(OpenSsl.unavailabilityCause()).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void aVerifyingClientGetsTls13WithAnEcAndAnRsaCertificate(TlsProvider provider) throws Exception {
    for (boolean rsa : new boolean[] {false, true}) {
      try (ServerTls tls = ServerTls.create(config(provider, PKI.server(rsa), TlsClientAuth.NONE, "TLSv1.3", "TLSv1.2"));
          TlsEchoServer server = new TlsEchoServer(tls);
          TlsTestClient client = new TlsTestClient(PKI.clientContext(null), server.port())) {
        assertThat(client.exchange("hello")).isEqualTo("hello");
        assertThat(client.protocol()).isEqualTo("TLSv1.3");
        assertThat(client.serverCertificate().getPublicKey().getAlgorithm()).isEqualTo(rsa ? "RSA" : "EC");
        assertThat(client.exchange("info")).contains("\"tls\":{\"version\":\"TLSv1.3\",\"cipher\":\"TLS_")
            .contains("\"sni\":\"localhost\",\"client_subject\":null}");
        Await.until("the handshake counted",
            () -> tls.handshakes(TlsEchoServer.LISTENER).count(Result.OK, "TLSv1.3") == 1);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void aClientLimitedToTls12GetsTls12(TlsProvider provider) throws Exception {
    try (ServerTls tls = ServerTls.create(config(provider, PKI.server(false), TlsClientAuth.NONE, "TLSv1.3", "TLSv1.2"));
        TlsEchoServer server = new TlsEchoServer(tls);
        TlsTestClient client = new TlsTestClient(PKI.clientContext(null), server.port(), "localhost", "TLSv1.2")) {
      assertThat(client.exchange("hello")).isEqualTo("hello");
      assertThat(client.protocol()).isEqualTo("TLSv1.2");
      Await.until("the handshake counted",
          () -> tls.handshakes(TlsEchoServer.LISTENER).count(Result.OK, "TLSv1.2") == 1);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void aVersionTheServerDoesNotSpeakFailsTheHandshakeAndIsCounted(TlsProvider provider) throws Exception {
    try (ServerTls tls = ServerTls.create(config(provider, PKI.server(false), TlsClientAuth.NONE, "TLSv1.3"));
        TlsEchoServer server = new TlsEchoServer(tls)) {
      assertThatThrownBy(() -> new TlsTestClient(PKI.clientContext(null), server.port(), "localhost", "TLSv1.2"))
          .isInstanceOf(SSLException.class);
      Await.until("the failed handshake counted",
          () -> tls.handshakes(TlsEchoServer.LISTENER).count(Result.FAILED, HandshakeCounters.UNKNOWN_VERSION) == 1);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void mutualTlsRefusesAClientWithoutACertificateWithAnAlertAndServesOneWithACertificate(TlsProvider provider)
      throws Exception {
    try (ServerTls tls = ServerTls.create(config(provider, PKI.server(false), TlsClientAuth.REQUIRE, "TLSv1.3", "TLSv1.2"));
        TlsEchoServer server = new TlsEchoServer(tls)) {
      // TLS 1.3: the client's side of the handshake ends before the server has checked it, so
      // its first message is on its way when the refusal comes. It must read the alert, not a reset.
      TlsTestClient anonymous = new TlsTestClient(PKI.clientContext(null), server.port());
      assertThatThrownBy(() -> anonymous.exchange("hello"))
          .isInstanceOf(SSLException.class)
          .hasMessageContaining("alert");
      anonymous.close();
      Await.until("the refusal counted",
          () -> tls.handshakes(TlsEchoServer.LISTENER).count(Result.FAILED, HandshakeCounters.UNKNOWN_VERSION) == 1);

      try (TlsTestClient client = new TlsTestClient(PKI.clientContext(PKI.client("alice")), server.port())) {
        assertThat(client.exchange("hello")).isEqualTo("hello");
        assertThat(client.exchange("info")).contains("\"client_subject\":\"CN=alice,O=berth tests\"");
      }
      TestPki stranger = TestPki.create("another CA");
      assertThatThrownBy(() -> {
        try (TlsTestClient client = new TlsTestClient(stranger.clientContext(stranger.client("mallory")), server.port())) {
          client.exchange("hello");
        }
      }).isInstanceOf(SSLException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void aHandshakeNotDoneInTimeEndsWithAFinAndIsCounted(TlsProvider provider) throws Exception {
    TlsConfig config = config(provider, PKI.server(false), TlsClientAuth.NONE, Duration.ofMillis(200), "TLSv1.3");
    try (ServerTls tls = ServerTls.create(config);
        TlsEchoServer server = new TlsEchoServer(tls);
        Socket silent = connect(server.port())) {
      assertThat(silent.getInputStream().read()).as("FIN, not a reset").isEqualTo(-1);
      Await.until("the timeout counted",
          () -> tls.handshakes(TlsEchoServer.LISTENER).count(Result.TIMEOUT, HandshakeCounters.UNKNOWN_VERSION) == 1);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void plainTextOnATlsPortIsAProtocolErrorEndedWithAFinWhileTheServerReadsOn(TlsProvider provider) throws Exception {
    try (ServerTls tls = ServerTls.create(config(provider, PKI.server(false), TlsClientAuth.NONE, "TLSv1.3"));
        TlsEchoServer server = new TlsEchoServer(tls);
        Socket plain = connect(server.port())) {
      OutputStream out = plain.getOutputStream();
      InputStream in = plain.getInputStream();
      out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(in.read()).as("FIN, not a reset").isEqualTo(-1);
      // The server reads on after its FIN, until the client closes: more bytes are not answered with RST.
      assertThat(server.openConnections()).isEqualTo(1);
      out.write("more\n".getBytes(StandardCharsets.US_ASCII));
      plain.shutdownOutput();
      assertThat(in.read()).isEqualTo(-1);
      Await.until("the server closed once the client did", () -> server.openConnections() == 0);
      Await.until("the protocol error raised", () -> !server.errors().isEmpty());
      assertThat(server.errors()).singleElement().isInstanceOfSatisfying(ProtocolException.class, e -> {
        assertThat(e.reason()).isEqualTo(ProtocolException.Reason.TLS_MISMATCH);
        assertThat(e.getMessage()).isEqualTo("looks like plain text on a TLS port");
      });
      HandshakeCounters counters = tls.handshakes(TlsEchoServer.LISTENER);
      assertThat(counters.count(Result.FAILED, HandshakeCounters.UNKNOWN_VERSION)).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void aConnectionClosedBeforeAnyByteIsNoHandshake(TlsProvider provider) throws Exception {
    try (ServerTls tls = ServerTls.create(config(provider, PKI.server(false), TlsClientAuth.NONE, "TLSv1.3"));
        TlsEchoServer server = new TlsEchoServer(tls)) {
      connect(server.port()).close();
      try (TlsTestClient client = new TlsTestClient(PKI.clientContext(null), server.port())) {
        assertThat(client.exchange("hello")).isEqualTo("hello"); // by now the first connection has been seen
      }
      HandshakeCounters counters = tls.handshakes(TlsEchoServer.LISTENER);
      Await.until("the second handshake counted", () -> counters.count(Result.OK, "TLSv1.3") == 1);
      assertThat(counters.count(Result.FAILED, HandshakeCounters.UNKNOWN_VERSION)).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void badTlsAfterTheHandshakeIsAnsweredWithAnAlertAndReachesThePipelineAsAnIoException(TlsProvider provider)
      throws Exception {
    try (ServerTls tls = ServerTls.create(config(provider, PKI.server(false), TlsClientAuth.NONE, "TLSv1.3"));
        TlsEchoServer server = new TlsEchoServer(tls);
        TlsTestClient client = new TlsTestClient(PKI.clientContext(null), server.port())) {
      assertThat(client.exchange("hello")).isEqualTo("hello");
      // An application-data record whose contents are not encrypted with the session's keys.
      byte[] record = new byte[5 + 32];
      record[0] = 0x17;
      record[1] = 0x03;
      record[2] = 0x03;
      record[4] = 32;
      client.raw().getOutputStream().write(record);
      assertThatThrownBy(client::readLine).isInstanceOf(SSLException.class).hasMessageContaining("bad_record_mac");
      if (provider == TlsProvider.JDK) {
        // The JDK's engine throws; BoringSSL's sends its alert without one.
        Await.until("the error reached the pipeline", () -> !server.errors().isEmpty());
      }
      assertThat(server.errors()).allSatisfy(error -> assertThat(error).isInstanceOf(SSLException.class));
    }
  }

  @Test
  void opensslSClientIsServed() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(OpensslProcess.present(), "no openssl command here");
    Path ca = dir.resolve("ca.pem");
    PKI.writeCa(ca);
    try (ServerTls tls = ServerTls.create(config(TlsProvider.AUTO, PKI.server(false), TlsClientAuth.NONE, "TLSv1.3", "TLSv1.2"));
        TlsEchoServer server = new TlsEchoServer(tls);
        OpensslProcess sClient = OpensslProcess.start("s_client", "-connect", "127.0.0.1:" + server.port(),
            "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", ca.toString(),
            "-verify_return_error", "-ign_eof")) {
      sClient.send("hello from openssl\n");
      Await.until("the echo through openssl s_client", () -> sClient.output().contains("hello from openssl"));
      assertThat(sClient.output()).contains("TLSv1.3").contains("Verify return code: 0 (ok)");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void theMetersCountHandshakesAndShowTheCertificateExpiry(TlsProvider provider) throws Exception {
    TestPki.Issued certificate = PKI.server(false);
    try (ServerTls tls = ServerTls.create(config(provider, certificate, TlsClientAuth.NONE, "TLSv1.3", "TLSv1.2"));
        TlsEchoServer server = new TlsEchoServer(tls)) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      tls.meters(List.of(TlsEchoServer.LISTENER)).bindTo(registry);
      try (TlsTestClient client = new TlsTestClient(PKI.clientContext(null), server.port())) {
        client.exchange("hello");
      }
      Await.until("the handshake counted", () -> registry.scrape().contains(
          "berth_tls_handshakes_total{listener=\"tls-test\",result=\"ok\",version=\"TLSv1.3\"} 1.0"));
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("berth_tls_handshakes_total{listener=\"tls-test\",result=\"timeout\",version=\"unknown\"} 0.0")
          .contains("berth_tls_handshakes_total{listener=\"tls-test\",result=\"failed\",version=\"unknown\"} 0.0")
          .doesNotContain("result=\"ok\",version=\"unknown\"")
          .contains("berth_tls_reloads_total{result=\"ok\"} 0.0")
          .contains("berth_tls_reloads_total{result=\"failed\"} 0.0");
      Matcher expiry = Pattern.compile("(?m)^berth_tls_certificate_expiry_seconds (\\S+)$").matcher(scrape);
      assertThat(expiry.find()).as("the expiry gauge in %s", scrape).isTrue();
      assertThat(Double.parseDouble(expiry.group(1)))
          .isEqualTo((double) certificate.certificate().getNotAfter().toInstant().getEpochSecond());
    }
  }

  private TlsConfig config(TlsProvider provider, TestPki.Issued certificate, TlsClientAuth clientAuth,
      String... protocols) throws IOException {
    return config(provider, certificate, clientAuth, Duration.ofSeconds(10), protocols);
  }

  private TlsConfig config(TlsProvider provider, TestPki.Issued certificate, TlsClientAuth clientAuth,
      Duration handshakeTimeout, String... protocols) throws IOException {
    Path cert = dir.resolve("cert-" + certificate.certificate().getSerialNumber() + ".pem");
    Path key = dir.resolve("key-" + certificate.certificate().getSerialNumber() + ".pem");
    certificate.write(cert, key);
    Path ca = null;
    if (clientAuth != TlsClientAuth.NONE) {
      ca = dir.resolve("client-ca.pem");
      PKI.writeCa(ca);
    }
    return new TlsConfig(cert, key, false, ca, clientAuth, List.of(protocols), handshakeTimeout, provider);
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    return socket;
  }
}
