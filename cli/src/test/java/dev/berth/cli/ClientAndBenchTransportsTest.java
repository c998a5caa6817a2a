package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.BerthServer;
import dev.berth.testing.Await;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code berth client} and {@code berth bench} in-process over TLS (against {@code openssl
 * s_server}), over UDP (against berth's UDP listener, Python, netcat) and with PROXY headers
 * (against berth's {@code info} mode, which says what the header claimed).
 */
class ClientAndBenchTransportsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final InProcessBerth berth = new InProcessBerth();

  @AfterEach
  void stop() {
    berth.close();
  }

  @Test
  void clientSpeaksTlsToOpensslVerifiedByItsCaOrNotAtAllWithAWarning() throws Exception {
    Path openssl = ExternalCommand.require("openssl", "openssl");
    OpensslTlsServer.makeCertificates(openssl, dir);
    try (ListeningProcess server = OpensslTlsServer.start(openssl, dir)) {
      String port = Integer.toString(server.port());
      assertThat(berth.run("", "client", "--tls", "--tls-ca", dir.resolve("ca.pem").toString(), "--host", "localhost",
          "--port", port, "stressed", "olleh")).as(berth.err()).isZero();
      assertThat(berth.printed()).isEqualTo("desserts\nhello\n");
      assertThat(berth.err()).isEmpty();

      berth.clear();
      assertThat(berth.run("", "client", "--tls", "--tls-insecure", "--port", port, "drawer")).isZero();
      assertThat(berth.printed()).isEqualTo("reward\n");
      assertThat(berth.err().lines()).containsExactly(InsecureTlsWarning.TEXT);

      berth.clear();
      assertThat(berth.run("", "client", "--tls", "--port", port, "anyone")).isEqualTo(1);
      assertThat(berth.err().lines()).containsExactly("berth: TLS handshake with 127.0.0.1:" + port + " failed: the "
          + "server's certificate is not trusted: it does not chain to a CA the JDK trusts (give its CA with --tls-ca, "
          + "or skip verification with --tls-insecure)");
    }
  }

  @Test
  void tlsOptionsWithoutTlsOrWithUdpAreUsageErrors() {
    assertThat(berth.run("", "client", "--tls-ca", "ca.pem", "hi")).isEqualTo(2);
    assertThat(berth.run("", "bench", "--udp", "--tls")).isEqualTo(2);
    assertThat(berth.run("", "bench", "--udp", "--framing", "length")).isEqualTo(2);
    assertThat(berth.run("", "bench", "--max-loss", "1%")).isEqualTo(2);
    assertThat(berth.run("", "client", "--tls", "--tls-ca", dir.resolve("nope.pem").toString(), "hi")).isEqualTo(2);
    assertThat(berth.err().lines()).containsExactly(
        "berth: --tls-ca: ca.pem without --tls (add --tls)",
        "berth: --tls: on with UDP (--udp) (TLS is for TCP; berth has no DTLS)",
        "berth: --framing: length with UDP (--udp) (a datagram is one message: framing does not apply)",
        "berth: --max-loss: 1% without --udp (over TCP nothing may be lost)",
        "berth: --tls-ca: cannot read " + dir.resolve("nope.pem") + ": no such file");
  }

  @ParameterizedTest
  @CsvSource({"v1, 192.0.2.7:4711, 192.0.2.7:4711", "v2, [2001:db8::7]:4711, [2001:db8::7]:4711"})
  void theClientsProxyHeaderIsTheClientBerthSees(String version, String source, String seen) throws Exception {
    int port = berth.serverPort("proxy-protocol", version, "mode", "info");

    assertThat(berth.run("", "client", "--port", Integer.toString(port), "--proxy-protocol", version,
        "--proxy-source", source, "who am I?")).as(berth.err()).isZero();
    JsonNode info = JSON.readTree(berth.printed());
    assertThat(info.get("client").asText()).isEqualTo(seen);
    assertThat(info.get("proxied").asBoolean()).isTrue();
    assertThat(info.get("message").asText()).isEqualTo("who am I?");
  }

  @Test
  void theBenchSendsAProxyHeaderOnEveryConnection() throws Exception {
    BerthServer server = berth.server("proxy-protocol", "v2");

    assertThat(berth.run("", "bench", "--port", Integer.toString(server.boundAddress().getPort()), "--churn",
        "--connections", "2", "--duration", "500ms", "--warmup", "0", "--proxy-protocol", "v2")).as(berth.err()).isZero();
    assertThat(berth.out()).contains(", PROXY v2 headers\n", "result      ok: every reply arrived");
  }

  @Test
  void clientAndBenchSpeakUdpToBerth() throws Exception {
    BerthServer server = berth.server("listen", "name=udp,protocol=udp,port=0,mode=reverse");
    String port = Integer.toString(InProcessBerth.port(server, "udp"));

    assertThat(berth.run("", "client", "--udp", "--port", port, "stressed", "olleh")).as(berth.err()).isZero();
    assertThat(berth.printed().lines()).containsExactlyInAnyOrder("desserts", "hello");

    BerthServer echo = berth.server("listen", "name=udp,protocol=udp,port=0");
    assertThat(berth.run("", "bench", "--udp", "--port", Integer.toString(InProcessBerth.port(echo, "udp")),
        "--connections", "4", "--pipeline", "4", "--duration", "500ms", "--warmup", "100ms", "--json"))
        .as(berth.err()).isZero();
    JsonNode report = JSON.readTree(berth.out());
    assertThat(report.get("protocol").asText()).isEqualTo("udp");
    assertThat(report.get("errors").get("lost").asLong()).isZero();
    assertThat(report.get("messages").asLong()).isPositive();
  }

  /**
   * A berth UDP listener that drops 10% of the datagrams: the bench counts them lost, fails
   * without --max-loss and passes within it. An open loop keeps the load going while lost
   * datagrams wait out the timeout, with room in the pipeline for them.
   */
  @Test
  void theBenchFailsOnlyPastMaxLossAgainstAServerThatDropsDatagrams() throws Exception {
    BerthServer server = berth.server("listen", "name=udp,protocol=udp,port=0", "drop-rate", "0.1", "fault-seed", "7");
    String port = Integer.toString(InProcessBerth.port(server, "udp"));
    String[] load = {"bench", "--udp", "--port", port, "--connections", "2", "--rate", "1000", "--pipeline", "256",
        "--timeout", "1s", "--duration", "500ms", "--warmup", "100ms", "--json"};

    assertThat(berth.run("", load)).isEqualTo(1);
    JsonNode strict = JSON.readTree(berth.out());
    assertThat(strict.get("errors").get("lost").asLong()).isPositive();
    assertThat(strict.get("failed").asBoolean()).isTrue();
    assertThat(berth.err()).startsWith("berth: FAILED: ").contains(" datagrams lost (")
        .contains("more than --max-loss 0 datagrams");

    berth.clear();
    String[] tolerant = java.util.Arrays.copyOf(load, load.length + 2);
    tolerant[load.length] = "--max-loss";
    tolerant[load.length + 1] = "50%";
    assertThat(berth.run("", tolerant)).as(berth.err()).isZero();
    JsonNode passed = JSON.readTree(berth.out());
    assertThat(passed.get("errors").get("lost").asLong()).isPositive();
    assertThat(passed.get("verdict").asText()).startsWith("ok: ").contains("within --max-loss 50%");
  }

  @Test
  void clientAndBenchSpeakUdpToAPythonEchoServer() throws Exception {
    Path python = ExternalCommand.require("python3", "python3");
    try (ListeningProcess server = PythonUdpEcho.start(python)) {
      String port = Integer.toString(server.port());
      assertThat(berth.run("one\ntwo\n", "client", "--udp", "--port", port)).as(berth.err()).isZero();
      assertThat(berth.printed().lines()).containsExactlyInAnyOrder("one", "two");

      assertThat(berth.run("", "bench", "--udp", "--port", port, "--connections", "2", "--size", "1KiB",
          "--duration", "500ms", "--warmup", "100ms")).as(berth.out() + berth.err()).isZero();
      assertThat(berth.out()).contains(" over UDP, 1KiB datagrams, 2 senders", "every datagram was answered");
    }
  }

  @Test
  void netcatReceivesTheClientsDatagramAndTheClientSaysNothingCameBack() throws Exception {
    Path nc = ExternalCommand.require("nc", "netcat-openbsd");
    int port;
    try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process netcat = new ProcessBuilder(nc.toString(), "-u", "-l", "127.0.0.1", Integer.toString(port))
        .redirectErrorStream(true).start();
    StringBuffer received = new StringBuffer();
    Thread reader = new Thread(() -> {
      try {
        // nc prints each datagram as it came, without a newline of its own.
        InputStreamReader in = new InputStreamReader(netcat.getInputStream(), StandardCharsets.UTF_8);
        for (int c = in.read(); c >= 0; c = in.read()) {
          received.append((char) c);
        }
      } catch (java.io.IOException e) {
        received.append("(unreadable: ").append(e).append(')');
      }
    });
    reader.start();
    try {
      // nc answers nothing, and may start listening a moment after it starts: a datagram sent before
      // that is refused (port unreachable), and the client tries again. Once one gets through, nc
      // keeps to that peer and refuses any other, so the run that got through is the last one.
      Await.until("a datagram that nc did not refuse", Duration.ofSeconds(20), () -> {
        berth.clear();
        berth.run("", "client", "--udp", "--port", Integer.toString(port), "--timeout", "200ms", "hello nc");
        return !berth.err().contains("port unreachable");
      });
      Await.until("nc has the datagram", Duration.ofSeconds(10), () -> received.toString().contains("hello nc"));
      assertThat(berth.err().strip()).startsWith("berth: no reply to 1 of 1 datagram from 127.0.0.1:" + port);
    } finally {
      netcat.destroy();
      netcat.waitFor(10, TimeUnit.SECONDS);
      reader.join(5000);
    }
  }
}
