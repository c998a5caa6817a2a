package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.ClientException;
import dev.berth.client.ProxyFront;
import dev.berth.client.TestPki;
import dev.berth.client.TestServer;
import dev.berth.client.TlsFront;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bench over TLS and with PROXY headers, against test servers that speak them; every byte still checked. */
class BenchTlsAndProxyTest {

  @TempDir
  static Path folder;
  private static TestPki pki;
  private static TestPki.Issued server;

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeAll
  static void makeCertificates() {
    pki = TestPki.create(folder, "Test CA");
    server = pki.server("server");
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void checksEveryDecryptedByteInPlace(Framing framing) throws Exception {
    TlsFront tls = TlsFront.of(server);
    try (TestServer echo = TestServer.start(framing, TestServer.Behaviour.ECHO, 0, tls)) {
      BenchReport report = run(echo, "framing", framing.optionName(), "connections", "3", "pipeline", "8",
          "size", "20KiB", "tls", "true", "tls-ca", pki.caFile().toString());

      assertClean(report);
      assertThat(report.tls().version()).isIn("TLSv1.3", "TLSv1.2");
      assertThat(report.toTable()).contains(", " + report.tls().version() + " " + report.tls().cipher() + " (");
      JsonNode json = new ObjectMapper().readTree(report.toJson());
      assertThat(json.get("tls").get("version").asText()).isEqualTo(report.tls().version());
      assertThat(json.get("tls").get("cipher").asText()).isEqualTo(report.tls().cipher());
      assertThat(json.get("tls").get("provider").asText()).isIn("OpenSSL", "JDK");
      // The probe, then one connection per sender.
      assertThat(tls.handshakes()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aCorruptedByteUnderTlsIsStillAMismatch() {
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.CORRUPT_ONE, 40, TlsFront.of(server))) {
      BenchReport report = run(echo, "connections", "2", "tls", "true", "tls-ca", pki.caFile().toString());

      assertThat(report.errors(ErrorKind.MISMATCH)).isEqualTo(1);
      assertThat(report.failed()).isTrue();
    }
  }

  @Test
  void tlsChurnMeasuresFullHandshakesAndReportsThemAsConnects() throws Exception {
    TlsFront tls = TlsFront.of(server);
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, tls)) {
      BenchReport report = run(echo, "churn", "true", "connections", "2", "tls", "true", "host", "localhost",
          "tls-ca", pki.caFile().toString());

      assertClean(report);
      assertThat(report.connections()).isPositive();
      assertThat(report.connectLatency().count()).isEqualTo(report.connections());
      // The server (the JDK's TLS, which resumes sessions) chose its certificate for every handshake.
      assertThat(tls.handshakes()).isGreaterThan((int) report.connections());
      assertThat(tls.resumedHandshakes()).isZero();
      assertThat(report.toTable()).contains("  connect+tls ").contains(" conn/s");
      assertThat(tls.serverNames()).allMatch("localhost"::equals);
    }
  }

  @Test
  void everyConnectionSendsAProxyHeaderBeforeItsTls() {
    TlsFront tls = TlsFront.of(server);
    ProxyFront proxy = new ProxyFront(tls);
    try (TestServer echo = TestServer.start(Framing.LENGTH, TestServer.Behaviour.ECHO, 0, proxy)) {
      BenchReport report = run(echo, "framing", "length", "churn", "true", "connections", "2",
          "proxy-protocol", "v2", "proxy-source", "198.51.100.9:5000", "tls", "true",
          "tls-ca", pki.caFile().toString());

      assertClean(report);
      assertThat(proxy.headers()).hasSizeGreaterThan((int) report.connections())
          .allSatisfy(header -> {
            assertThat(header.source()).isEqualTo("198.51.100.9");
            assertThat(header.sourcePort()).isEqualTo(5000);
            assertThat(header.destinationPort()).isEqualTo(echo.port());
          });
      assertThat(report.toTable()).contains(", PROXY v2 headers");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Framing.class, names = {"LINE", "LENGTH"})
  void withoutTlsTheHeaderStillGoesBeforeTheFirstMessage(Framing framing) {
    ProxyFront proxy = new ProxyFront();
    try (TestServer echo = TestServer.start(framing, TestServer.Behaviour.ECHO, 0, proxy)) {
      BenchReport report = run(echo, "framing", framing.optionName(), "connections", "3", "pipeline", "4",
          "proxy-protocol", "v1");

      assertClean(report);
      // The probe's connection, then one per sender.
      assertThat(proxy.headers()).hasSize(4);
    }
  }

  @Test
  void aServerWhoseCertificateIsNotTrustedIsOneClearErrorBeforeTheLoad() {
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, TlsFront.of(server))) {
      assertThatThrownBy(() -> Bench.run(config(echo, "tls", "true"), new PrintStream(progress)))
          .isInstanceOf(ClientException.class)
          .hasFieldOrPropertyWithValue("kind", ClientException.Kind.TLS)
          .hasMessageStartingWith("TLS handshake with 127.0.0.1:" + echo.port()
              + " failed: the server's certificate is not trusted");
      assertThat(echo.messages()).isZero();
    }
  }

  private BenchReport run(TestServer server, String... options) {
    BenchReport report = Bench.run(config(server, options), new PrintStream(progress, true));
    assertThat(report.seconds()).isPositive();
    return report;
  }

  private static BenchConfig config(TestServer server, String... options) {
    return BenchRuns.config(server.port(), options);
  }

  private static void assertClean(BenchReport report) {
    BenchRuns.assertClean(report);
  }
}
