package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ServerConfig;
import dev.berth.config.Transport;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.metrics.PrometheusText;
import dev.berth.server.system.BerthVersion;
import dev.berth.server.transport.NettyTransport;
import dev.berth.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP endpoint of a real server over loopback: metrics with exact values, health, readiness. */
class MetricsEndpointTest {

  /** Every berth meter of the contract, with its Prometheus type. */
  /** The name of the listener every test server has: on port 0, it is named tcp-0. */
  private static final String LISTENER = "tcp-0";

  private static final Map<String, String> CONTRACT_METERS = Map.ofEntries(
      Map.entry("berth_info", "gauge"),
      Map.entry("berth_listeners", "gauge"),
      Map.entry("berth_connections_active", "gauge"),
      Map.entry("berth_connections_accepted_total", "counter"),
      Map.entry("berth_connections_rejected_total", "counter"),
      Map.entry("berth_connections_closed_total", "counter"),
      Map.entry("berth_messages_received_total", "counter"),
      Map.entry("berth_messages_sent_total", "counter"),
      Map.entry("berth_bytes_received_total", "counter"),
      Map.entry("berth_bytes_sent_total", "counter"),
      Map.entry("berth_protocol_errors_total", "counter"),
      Map.entry("berth_draining", "gauge"));

  @RegisterExtension
  final TestServers servers = new TestServers("host", "127.0.0.1", "port", "0", "io-threads", "2", "instance-id", "test-1",
      "metrics-host", "127.0.0.1", "metrics-port", "0");
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private HttpResponse<String> request(BerthServer server, String method, String path, String accept)
      throws IOException, InterruptedException {
    InetSocketAddress address = server.metricsAddress().orElseThrow();
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + address.getPort() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(BerthServer server, String path) throws IOException, InterruptedException {
    return request(server, "GET", path, null);
  }

  private PrometheusText scrape(BerthServer server) throws IOException, InterruptedException {
    HttpResponse<String> response = get(server, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    return PrometheusText.parse(response.body());
  }

  @Test
  void exposesEveryContractMeterAsValidPrometheusText() throws Exception {
    BerthServer server = servers.start();

    PrometheusText metrics = scrape(server);

    CONTRACT_METERS.forEach((name, type) -> {
      assertThat(metrics.families()).as(name).containsKey(name);
      assertThat(metrics.families().get(name).type()).as(name).isEqualTo(type);
      assertThat(metrics.families().get(name).help()).as(name).isNotBlank();
    });
    for (String cause : List.of("peer", "idle", "drain", "protocol", "error")) {
      assertThat(metrics.value("berth_connections_closed_total", "listener", LISTENER, "cause", cause)).isZero();
    }
    for (String reason : List.of("line_too_long", "frame_too_long", "bad_length", "truncated")) {
      assertThat(metrics.value("berth_protocol_errors_total", "listener", LISTENER, "reason", reason)).isZero();
    }
    assertThat(metrics.value("berth_connections_rejected_total", "listener", LISTENER, "reason", "max_connections")).isZero();
    assertThat(metrics.value("berth_draining")).isZero();
    assertThat(metrics.value("berth_tcp_migrate_req")).isBetween(-1.0, 1.0);
  }

  @Test
  void berthInfoNamesThisServer() throws Exception {
    BerthServer server = servers.start("framing", "length", "mode", "reverse", "transport", "nio");

    PrometheusText metrics = scrape(server);

    assertThat(metrics.value("berth_info", "version", BerthVersion.get(), "instance_id", "test-1",
        "transport", "nio", "framing", "length", "mode", "reverse")).isEqualTo(1);
    assertThat(metrics.families().get("berth_info").samples()).hasSize(1);
  }

  @Test
  void exposesJvmProcessAndNettyMeters() throws Exception {
    BerthServer server = servers.start();

    PrometheusText metrics = scrape(server);

    assertThat(metrics.families()).containsKeys(
        "jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "process_uptime_seconds", "process_cpu_usage", "process_cpu_seconds_total", "process_files_open_files",
        "netty_allocator_memory_used", "netty_eventexecutor_tasks_pending");
    assertThat(metrics.families().get("netty_eventexecutor_tasks_pending").samples()).hasSize(2);
    assertThat(metrics.families().keySet()).noneMatch(name -> name.equals("process_cpu_time_ns_total"));
  }

  @Test
  void eachListenerIsCountedUnderItsOwnName() throws Exception {
    BerthServer server = servers.start("listen", "name=lines,port=0\nname=frames,port=0,framing=length,mode=reverse,"
        + "proxy-protocol=v1");

    try (Socket lines = new Socket(InetAddress.getLoopbackAddress(), server.boundAddress("lines").getPort())) {
      lines.setSoTimeout(10_000);
      lines.getOutputStream().write("one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(lines.getInputStream().readNBytes(14), StandardCharsets.US_ASCII))
          .isEqualTo("one\ntwo\nthree\n");
    }
    Await.until("the close counted", () -> server.counters("lines").connectionsClosed(CloseCause.PEER) == 1);

    PrometheusText metrics = scrape(server);
    assertThat(metrics.value("berth_messages_received_total", "listener", "lines")).isEqualTo(3);
    assertThat(metrics.value("berth_messages_received_total", "listener", "frames")).isZero();
    assertThat(metrics.value("berth_connections_accepted_total", "listener", "lines")).isEqualTo(1);
    assertThat(metrics.value("berth_connections_accepted_total", "listener", "frames")).isZero();
    assertThat(metrics.value("berth_listeners", "listener", "frames", "protocol", "tcp", "framing", "length",
        "mode", "reverse", "tls", "off", "proxy_protocol", "v1")).isEqualTo(1);
    assertThat(metrics.families().get("berth_listeners").samples()).hasSize(2);
  }

  @Test
  void countsALineExchangeExactly() throws Exception {
    BerthServer server = servers.start();
    PrometheusText before = scrape(server);
    int messages = 50;
    long bytes = 0;

    try (Socket peer = connect(server)) {
      OutputStream out = peer.getOutputStream();
      InputStream in = peer.getInputStream();
      StringBuilder sent = new StringBuilder();
      for (int i = 0; i < messages; i++) {
        // Both terminators: the byte counters must include "\r\n" as well as "\n".
        sent.append("message ").append(i).append(i % 2 == 0 ? "\n" : "\r\n");
      }
      byte[] request = sent.toString().getBytes(StandardCharsets.US_ASCII);
      bytes = request.length;
      out.write(request);
      out.flush();
      assertThat(new String(in.readNBytes(request.length), StandardCharsets.US_ASCII)).isEqualTo(sent.toString());

      PrometheusText during = scrape(server);
      assertDelta(before, during, "berth_messages_received_total", messages);
      assertDelta(before, during, "berth_messages_sent_total", messages);
      assertDelta(before, during, "berth_bytes_received_total", bytes);
      assertDelta(before, during, "berth_bytes_sent_total", bytes);
      assertDelta(before, during, "berth_connections_accepted_total", 1);
      assertThat(during.value("berth_connections_active", "listener", LISTENER)).isEqualTo(1);
    }

    Await.until("the close counted", () -> server.counters().connectionsClosed(CloseCause.PEER) == 1);
    PrometheusText after = scrape(server);
    assertThat(after.value("berth_connections_closed_total", "listener", LISTENER, "cause", "peer")).isEqualTo(1);
    assertThat(after.value("berth_connections_active", "listener", LISTENER)).isZero();
    assertDelta(before, after, "berth_messages_received_total", messages);
  }

  @Test
  void countsLengthFramingHeadersAsBytes() throws Exception {
    BerthServer server = servers.start("framing", "length");
    PrometheusText before = scrape(server);
    int messages = 20;
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (int i = 0; i < messages; i++) {
      byte[] payload = ("payload " + i).getBytes(StandardCharsets.US_ASCII);
      frames.write(ByteBuffer.allocate(8).putLong(8L + payload.length).array());
      frames.write(payload);
    }

    try (Socket peer = connect(server)) {
      peer.getOutputStream().write(frames.toByteArray());
      new DataInputStream(peer.getInputStream()).readFully(new byte[frames.size()]);

      PrometheusText after = scrape(server);
      assertDelta(before, after, "berth_messages_received_total", messages);
      assertDelta(before, after, "berth_messages_sent_total", messages);
      assertDelta(before, after, "berth_bytes_received_total", frames.size());
      assertDelta(before, after, "berth_bytes_sent_total", frames.size());
    }
  }

  @Test
  void countsProtocolErrorsByReason() throws Exception {
    BerthServer server = servers.start("max-line", "16");

    try (Socket peer = connect(server)) {
      peer.getOutputStream().write("short\nthis line is far longer than sixteen bytes\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(peer.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("short\n");
    }

    Await.until("the error counted", () -> server.counters().connectionsClosed(CloseCause.PROTOCOL) == 1);
    PrometheusText metrics = scrape(server);
    assertThat(metrics.value("berth_protocol_errors_total", "listener", LISTENER, "reason", "line_too_long")).isEqualTo(1);
    assertThat(metrics.value("berth_connections_closed_total", "listener", LISTENER, "cause", "protocol")).isEqualTo(1);
  }

  @Test
  void readyWhileAcceptingThenUnavailableWhileDraining() throws Exception {
    BerthServer server = servers.start();

    HttpResponse<String> ready = get(server, "/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");

    server.drain(); // no connections: the drain ends at once, and the server stays draining

    HttpResponse<String> draining = get(server, "/readyz");
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(draining.body()).isEqualTo("draining\n");
    assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
    assertThat(scrape(server).value("berth_draining")).isEqualTo(1);
  }

  static Stream<Transport> transports() {
    return Stream.of(Transport.NIO, Transport.EPOLL, Transport.IO_URING).filter(NettyTransport::isAvailable);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void servesOnEveryTransport(Transport transport) throws Exception {
    BerthServer server = servers.start("transport", transport.optionName());

    HttpResponse<String> health = get(server, "/healthz");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
    assertThat(scrape(server).value("berth_info", "version", BerthVersion.get(), "instance_id", "test-1",
        "transport", transport.optionName(), "framing", "line", "mode", "echo")).isEqualTo(1);
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    BerthServer server = servers.start();

    assertThat(get(server, "/").statusCode()).isEqualTo(404);
    assertThat(get(server, "/metrics/extra").statusCode()).isEqualTo(404);
    assertThat(request(server, "POST", "/nowhere", null).statusCode()).isEqualTo(404);
    for (String method : List.of("POST", "PUT", "DELETE")) {
      HttpResponse<String> response = request(server, method, "/metrics", null);
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
    HttpResponse<String> head = request(server, "HEAD", "/healthz", null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(get(server, "/readyz?verbose=1").statusCode()).isEqualTo(200);
  }

  @Test
  void aMalformedRequestGets400AndTheConnectionCloses() throws Exception {
    BerthServer server = servers.start();

    try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), server.metricsAddress().orElseThrow().getPort())) {
      peer.setSoTimeout(10_000);
      peer.getOutputStream().write("GET /metrics HTTP/1.1\r\nbroken header line\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = new String(peer.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
    }
  }

  @Test
  void servesOpenMetricsWhenAskedFor() throws Exception {
    BerthServer server = servers.start();
    String prometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
        + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    HttpResponse<String> response = request(server, "GET", "/metrics", prometheusAccept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.body()).endsWith("# EOF\n").contains("berth_connections_accepted_total{listener=\"tcp-0\"} 0");
    assertThat(response.body().lines().filter(line -> line.startsWith("berth_info{")).collect(Collectors.toList()))
        .hasSize(1);
  }

  @Test
  void noMetricsMeansNoEndpoint() throws Exception {
    BerthServer server = servers.start("metrics", "false");

    assertThat(server.metricsAddress()).isEmpty();
    assertThat(server.metrics()).isEmpty();
  }

  @Test
  void aTakenMetricsPortFailsStartUpWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      BerthServer server = new BerthServer(ServerConfig.defaults(
          "host", "127.0.0.1", "port", "0", "metrics-host", "127.0.0.1", "metrics-port", Integer.toString(port)));
      servers.add(server);

      assertThatThrownBy(server::start)
          .isInstanceOf(ServerStartException.class)
          .hasMessage("cannot bind 127.0.0.1:" + port + " (metrics): address already in use "
              + "(pass --metrics-port to choose another, or --no-metrics)");
      assertThat(server.listeningSocketCount()).as("no data port bound").isZero();
    }
  }

  private static Socket connect(BerthServer server) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.boundAddress().getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** A listener's meter grew by {@code expected}. */
  private static void assertDelta(PrometheusText before, PrometheusText after, String name, long expected) {
    assertThat(after.value(name, "listener", LISTENER) - before.value(name, "listener", LISTENER)).as(name)
        .isEqualTo((double) expected);
  }
}
