package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth ctl} against a real server process: status, faults on an open connection, drain. */
class CtlIT {

  @TempDir
  Path dir;

  private BerthProcess ctl(Path socket, String... args) throws Exception {
    String[] all = new String[args.length + 3];
    all[0] = "ctl";
    all[1] = "--control-socket";
    all[2] = socket.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return BerthProcess.run(all);
  }

  @Test
  void statusFaultsAndDrainOfARunningServer() throws Exception {
    Path socket = dir.resolve("berth.sock");
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0", "--no-metrics",
        "--control-socket", socket.toString(), "--listen", "name=main,port=0", "--listen",
        "name=side,port=0,mode=reverse")) {
      int port = server.awaitReadyPort();

      BerthProcess status = ctl(socket, "status", "--json");
      assertThat(status.exitValue()).as(String.join("\n", status.stderr())).isZero();
      JsonNode json = new ObjectMapper().readTree(String.join("\n", status.stdout()));
      assertThat(json.get("state").asText()).isEqualTo("ready");
      assertThat(json.get("listeners").get(0).get("address").asText()).isEqualTo("127.0.0.1:" + port);
      assertThat(json.get("listeners").get(1).get("mode").asText()).isEqualTo("reverse");

      try (Socket client = LoopbackSockets.connect(port)) {
        client.setSoTimeout(20_000);
        client.getOutputStream().write("one\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(line(client.getInputStream())).isEqualTo("one");

        BerthProcess set = ctl(socket, "--listener", "main", "faults", "set", "close-after=2");
        assertThat(set.exitValue()).as(String.join("\n", set.stderr())).isZero();
        assertThat(set.stdout()).containsExactly("main close-after=2");
        client.getOutputStream().write("two\nthree\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(line(client.getInputStream())).isEqualTo("two");
        assertThat(client.getInputStream().read()).as("a FIN after the second reply").isEqualTo(-1);
      }

      assertThat(ctl(socket, "faults").stdout()).containsExactly("main close-after=2", "side none");
      BerthProcess bad = ctl(socket, "faults", "set", "delay=soon");
      assertThat(bad.exitValue()).isEqualTo(1);
      assertThat(bad.stderr()).hasSize(1).allMatch(line -> line.startsWith("berth: delay: "));
      assertThat(ctl(socket, "faults", "clear").stdout()).containsExactly("main none", "side none");

      BerthProcess drain = ctl(socket, "drain");
      assertThat(drain.exitValue()).isZero();
      assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(String.join("\n", server.stderr())).contains("berth ctl drain: draining", "drained:");
    }
  }

  @Test
  void aMissingSocketIsOneLineAndExitOne() throws Exception {
    Path socket = dir.resolve("nobody-here.sock");
    BerthProcess status = ctl(socket, "status");

    assertThat(status.exitValue()).isEqualTo(1);
    assertThat(status.stderr()).containsExactly("berth: no control socket at " + socket
        + " (is a server running with --control-socket " + socket + "?)");
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("EOF after \"" + line + "\"");
      }
      line.append((char) b);
    }
    return line.toString();
  }
}
