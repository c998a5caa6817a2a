package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code berth client} and {@code berth bench} in-process against a real berth server. */
class ClientAndBenchCommandTest {

  @TempDir
  Path dir;

  private final InProcessBerth commands = new InProcessBerth();

  @AfterEach
  void stop() {
    commands.close();
  }

  private int server(String... options) throws Exception {
    return commands.serverPort(options);
  }

  private int berth(String stdin, String... args) {
    return commands.run(stdin, args);
  }

  private String printed() {
    return commands.printed();
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
    assertThat(commands.err().strip()).isEqualTo("berth: cannot connect to 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void aServerThatNeverAnswersIsATimeout() throws Exception {
    // A listening socket nobody accepts from: the kernel completes the handshake, then nothing.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(berth("", "client", "--port", Integer.toString(silent.getLocalPort()), "--timeout", "300ms", "hi"))
          .isEqualTo(1);
    }
    assertThat(commands.err().strip()).startsWith("berth: ").containsIgnoringCase("timed out").hasLineCount(1);
  }

  @Test
  void benchAgainstBerthRunsCleanWithSanePercentilesAndJson() throws Exception {
    int port = server("framing", "length");
    assertThat(berth("", "bench", "--port", Integer.toString(port), "--framing", "length", "--connections", "4",
        "--pipeline", "4", "--duration", "1s", "--warmup", "200ms", "--json")).isZero();
    JsonNode report = new ObjectMapper().readTree(commands.out());
    assertThat(report.get("messages").asLong()).isPositive();
    assertThat(report.get("failed").asBoolean()).isFalse();
    report.get("errors").forEach(count -> assertThat(count.asLong()).isZero());
    JsonNode latency = report.get("latency_us");
    assertThat(latency.get("p50").asDouble()).isPositive()
        .isLessThanOrEqualTo(latency.get("p99").asDouble())
        .isLessThanOrEqualTo(latency.get("max").asDouble());
    assertThat(commands.progress()).contains("msg/s");
  }

  @Test
  void aMistypedCommandOrOptionIsAUsageErrorThatSuggestsTheRightOne() {
    assertThat(berth("", "serve")).isEqualTo(2);
    assertThat(berth("", "client", "--prot", "1")).isEqualTo(2);
    assertThat(berth("", "bench", "--no-resnd")).isEqualTo(2);
    assertThat(commands.err().lines()).containsExactly(
        "berth: unknown command 'serve' (did you mean 'server'? see 'berth --help')",
        "berth: unknown option '--prot' (did you mean '--port'? see 'berth client --help')",
        "berth: unknown option '--no-resnd' (did you mean '--no-resend'? see 'berth bench --help')");
  }

  @Test
  void bareBerthIsAUsageErrorWithTheUsageOnStandardError() {
    assertThat(berth("")).isEqualTo(2);
    assertThat(commands.err()).startsWith("Usage: berth ");
    assertThat(commands.out()).isEmpty();
  }

  @Test
  void helpNamesTheEnvironmentAndEveryDefault() {
    assertThat(berth("", "client", "--help")).isZero();
    assertThat(berth("", "bench", "--help")).isZero();
    assertThat(commands.out())
        .contains("BERTH_<OPTION>", "BERTH_TIMEOUT=5s", "BERTH_CONNECTIONS=10", "wins over the environment")
        .containsPattern("--\\[no-\\]resend[^-]*Default: on\\.")
        .containsPattern("--\\[no-\\]churn[^-]*Default: off\\.");
    assertThat(commands.out().replaceAll("\\s+", " ")).contains("Sizes: a number of bytes (512 or 512B)",
        "Durations: a number with ms, s, m or h");
  }

  @Test
  void fileProblemsSayWhy() {
    assertThat(berth("", "client", "--file", dir.resolve("nope.txt").toString())).isEqualTo(2);
    assertThat(berth("", "client", "--output", dir.resolve("missing/out.bin").toString(), "hi")).isEqualTo(2);
    assertThat(commands.err().lines()).containsExactly(
        "berth: --file: cannot read " + dir.resolve("nope.txt") + ": no such file",
        "berth: --output: cannot write " + dir.resolve("missing/out.bin") + ": no such directory: " + dir.resolve("missing"));
  }

  @Test
  void optionErrorsNameTheOptionWithItsDashes() {
    assertThat(berth("", "client", "--connect-timeout", "0", "hi")).isEqualTo(2);
    assertThat(berth("", "bench", "--timeout", "0")).isEqualTo(2);
    assertThat(commands.err().lines()).containsExactly(
        "berth: --connect-timeout: 0 (expected: > 0)", "berth: --timeout: 0 (expected: > 0)");
  }

  @Test
  void withoutResendAServerThatClosesUnansweredIsExitOneWithOneLine() throws Exception {
    int port = server("mode", "discard");
    assertThat(berth("", "client", "--port", Integer.toString(port), "--no-resend", "hi")).isEqualTo(1);
    assertThat(commands.err().lines()).containsExactly("berth: the server at 127.0.0.1:" + port
        + " closed the connection with 1 message unanswered (not sent again: --no-resend)"
        + " (nothing came back: is the server length-framed? It takes text for a bad length header;"
        + " try --framing length; or does it want a PROXY header or TLS first? try --proxy-protocol or --tls)");
  }

  @Test
  void benchAgainstAPeerThatAcceptsOnceAndClosesSaysWhatHappenedInWords() throws Exception {
    ServerSocket once = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    int port = once.getLocalPort();
    Thread closer = new Thread(() -> {
      try (once) {
        once.accept().close(); // the bench's probe; then nothing listens any more
      } catch (IOException ignored) {
        // the test is over
      }
    });
    closer.start();
    assertThat(berth("", "bench", "--port", Integer.toString(port), "--connections", "1", "--duration", "300ms",
        "--warmup", "0")).isEqualTo(1);
    closer.join();
    assertThat(commands.out()).contains("  latency     no replies\n").doesNotContain("0ns");
    assertThat(commands.err()).startsWith("berth: FAILED: no reply was received (first error: ")
        .containsPattern("(refused|reset): connection 0: connection (refused|reset by peer)")
        .doesNotContain("(..)").doesNotContain("error(")
        .doesNotContain("framed?"); // refused, not unanswered: no framing hint
  }

  @Test
  void benchWritesItsHtmlReportIntervalLogAndJsonStream() throws Exception {
    int port = server();
    Path html = dir.resolve("report.html");
    Path hlog = dir.resolve("run.hlog");
    assertThat(berth("", "bench", "--port", Integer.toString(port), "--connections", "2", "--duration", "1500ms",
        "--warmup", "0", "--json-stream", "--html", html.toString(), "--hlog", hlog.toString())).isZero();

    List<String> lines = commands.out().lines().collect(java.util.stream.Collectors.toList());
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("second").asInt()).isEqualTo(1);
    assertThat(first.get("messages_per_second").asDouble()).isPositive();
    JsonNode summary = json.readTree(lines.get(lines.size() - 1));
    assertThat(summary.get("messages").asLong()).isPositive();
    assertThat(summary.get("seconds").size()).isEqualTo(lines.size() - 1);
    assertThat(summary.get("command_line").asText()).startsWith("berth bench --port " + port + " --connections 2");
    assertThat(summary.get("percentiles_us").size()).isGreaterThan(5);
    assertThat(Files.readString(html)).contains("<svg", "id=\"latency-by-percentile\"", "berth bench --port " + port);
    assertThat(Files.readString(hlog)).contains("#[StartTime: ", "HISTFAAA");
  }

  @Test
  void benchReportDrawsSeveralSummariesSideBySide() throws Exception {
    int port = server();
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    for (Path summary : List.of(a, b)) {
      commands.clear();
      assertThat(berth("", "bench", "--port", Integer.toString(port), "--connections", "2", "--duration", "500ms",
          "--warmup", "0", "--json")).isZero();
      Files.writeString(summary, commands.out());
    }
    Path html = dir.resolve("both.html");

    assertThat(berth("", "bench", "report", a.toString(), b.toString(), "--html", html.toString())).isZero();
    assertThat(Files.readString(html)).contains(">a</", ">b</", "2 runs on the same axes");
  }

  @Test
  void benchReportOfSomethingElseIsAUsageErrorNamingTheFile() throws Exception {
    Path notJson = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThat(berth("", "bench", "report", notJson.toString(), "--html", dir.resolve("x.html").toString())).isEqualTo(2);
    assertThat(commands.err().strip()).isEqualTo("berth: " + notJson + ": not JSON at character 0 (expected: a value)");
  }

  @Test
  void anHtmlReportIntoAMissingFolderFailsBeforeTheRun() {
    assertThat(berth("", "bench", "--html", dir.resolve("missing/r.html").toString())).isEqualTo(2);
    assertThat(commands.err().strip()).isEqualTo("berth: --html: cannot write " + dir.resolve("missing/r.html")
        + ": no such directory: " + dir.resolve("missing"));
  }
}
