package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.ResendPolicy;
import dev.berth.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's framing mistake, with the real jar: a line client, and a short line bench, against
 * a length-framed echo server. Eight bytes of text read as a length header used to make an
 * exabyte frame that the echo streamed back, so both "succeeded"; now the server refuses the
 * header as {@code bad_length} (debug log: "looks like text on a length-framed port"), and both
 * fail with exit 1 and one line that names the likely mistake. The server keeps serving.
 */
class WrongFramingIT {

  private static final String TEXT_HEADER_ERROR =
      "length 7522537965568948079 is above 2^48, more than any real frame (looks like text on a length-framed port)";

  @Test
  void aLineClientAndALineBenchAgainstALengthFramedEchoServerAreToldTheFraming() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0",
        "--metrics-host", "127.0.0.1", "--metrics-port", "0", "--framing", "length", "--log-level", "debug")) {
      String port = Integer.toString(server.awaitReadyPort());
      ProcessMetrics metrics = ProcessMetrics.of(server);

      BerthProcess client = BerthProcess.run("client", "--port", port, "--framing", "line", "hello world, a line");

      assertThat(client.exitValue()).isEqualTo(1);
      assertThat(client.stdout()).isEmpty();
      assertThat(client.stderr()).containsExactly("berth: the server at 127.0.0.1:" + port
          + " closed the connection with 1 message unanswered, also after resending them 4 times (nothing came back:"
          + " is the server length-framed? It takes text for a bad length header; try --framing length;"
          + " or does it want a PROXY header or TLS first? try --proxy-protocol or --tls)");
      // The first connection and every resend: each refused from its first eight bytes.
      assertThat(metrics.value("berth_protocol_errors_total{reason=\"bad_length\"}"))
          .isEqualTo(ResendPolicy.MAX_FRUITLESS_RESENDS + 2);
      assertThat(metrics.value("berth_messages_received_total")).isZero();
      Await.until("the debug log's hint", Duration.ofSeconds(10),
          () -> server.stderr().stream().anyMatch(line -> line.endsWith(TEXT_HEADER_ERROR)));

      BerthProcess bench = BerthProcess.run("bench", "--port", port, "--framing", "line", "--connections", "2",
          "--duration", "1s", "--warmup", "0");

      assertThat(bench.exitValue()).isEqualTo(1);
      assertThat(bench.stdout()).anyMatch(line -> line.startsWith("  result      FAILED: no reply was received"));
      assertThat(bench.stderr()).filteredOn(line -> line.startsWith("berth: ")).singleElement().asString()
          .startsWith("berth: FAILED: no reply was received: is the server length-framed? It takes text for a bad"
              + " length header; try --framing length; or does it want a PROXY header or TLS first?");
      assertThat(metrics.value("berth_messages_received_total")).isZero();

      BerthProcess rightFraming = BerthProcess.run("client", "--port", port, "--framing", "length", "still serving");
      assertThat(rightFraming.exitValue()).as("stderr: %s", rightFraming.stderr()).isZero();
      assertThat(rightFraming.stdout()).containsExactly("still serving");
    }
  }
}
