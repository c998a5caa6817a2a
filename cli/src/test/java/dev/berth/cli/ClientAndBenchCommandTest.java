package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.config.ServerConfig;
import dev.berth.server.BerthServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code berth client} and {@code berth bench} in-process against a real berth server. */
class ClientAndBenchCommandTest {

  @TempDir
  Path dir;

  private final List<BerthServer> servers = new ArrayList<>();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    servers.forEach(BerthServer::close);
  }

  private int server(String... options) throws Exception {
    List<String> all = new ArrayList<>(List.of("host", "127.0.0.1", "port", "0", "metrics", "false"));
    all.addAll(List.of(options));
    BerthServer server = new BerthServer(ServerConfig.defaults(all.toArray(String[]::new)));
    servers.add(server);
    server.start();
    return server.boundAddress().getPort();
  }

  private int berth(String stdin, String... args) {
    CommandLine commandLine = new CommandLine(new Berth());
    commandLine.addSubcommand("client", ClientCommand.spec(Map.of(),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(stdout, true)));
    commandLine.addSubcommand("bench", BenchCommand.spec(Map.of(), new PrintStream(progress, true)));
    ExitCodes.install(commandLine);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private String printed() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"line", "length"})
  void sendsTheArgumentsAndPrintsTheReplies(String framing) throws Exception {
    int port = server("framing", framing, "mode", "hello");
    assertThat(berth("", "client", "--port", Integer.toString(port), "--framing", framing, "you", "me")).isZero();
    assertThat(printed()).isEqualTo("Welcome!\nHello, you!\nHello, me!\n");
  }

  @Test
  void rawFramingEchoesStandardInput() throws Exception {
    int port = server("framing", "raw");
    assertThat(berth("bytes as they come\n", "client", "--port", Integer.toString(port), "--framing", "raw")).isZero();
    assertThat(printed()).isEqualTo("bytes as they come\n");
  }

  @Test
  void sendsEachLineOfStandardInput() throws Exception {
    int port = server("mode", "reverse");
    assertThat(berth("abc\nxyz\n", "client", "--port", Integer.toString(port))).isZero();
    assertThat(printed()).isEqualTo("cba\nzyx\n");
  }

  @Test
  void aFiveMebibyteFileRoundTripsByteExact() throws Exception {
    int port = server("framing", "length");
    byte[] content = new byte[5 << 20];
    new Random(5).nextBytes(content);
    Path file = Files.write(dir.resolve("in.bin"), content);
    Path output = dir.resolve("out.bin");
    assertThat(berth("", "client", "--port", Integer.toString(port), "--framing", "length",
        "--file", file.toString(), "--output", output.toString())).isZero();
    assertThat(Files.readAllBytes(output)).isEqualTo(content);
  }

  @Test
  void aRefusedConnectionIsExitOneWithOneLine() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertThat(berth("", "client", "--port", Integer.toString(port), "hi")).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("berth: cannot connect to 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void aServerThatNeverAnswersIsATimeout() throws Exception {
    // A listening socket nobody accepts from: the kernel completes the handshake, then nothing.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(berth("", "client", "--port", Integer.toString(silent.getLocalPort()), "--timeout", "300ms", "hi"))
          .isEqualTo(1);
    }
    assertThat(err.toString().strip()).startsWith("berth: ").containsIgnoringCase("timed out").hasLineCount(1);
  }

  @Test
  void benchAgainstBerthRunsCleanWithSanePercentilesAndJson() throws Exception {
    int port = server("framing", "length");
    assertThat(berth("", "bench", "--port", Integer.toString(port), "--framing", "length", "--connections", "4",
        "--pipeline", "4", "--duration", "1s", "--warmup", "200ms", "--json")).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toString());
    assertThat(report.get("messages").asLong()).isPositive();
    assertThat(report.get("failed").asBoolean()).isFalse();
    report.get("errors").forEach(count -> assertThat(count.asLong()).isZero());
    JsonNode latency = report.get("latency_us");
    assertThat(latency.get("p50").asDouble()).isPositive()
        .isLessThanOrEqualTo(latency.get("p99").asDouble())
        .isLessThanOrEqualTo(latency.get("max").asDouble());
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("msg/s");
  }
}
