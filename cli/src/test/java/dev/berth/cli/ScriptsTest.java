package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher and the benchmark scripts are valid shell (and pass shellcheck where
 * it is installed); the C echo server of scripts/bench-compare.sh compiles without a warning and
 * echoes byte for byte, also when the peer does not read for a while (partial writes, EPOLLOUT).
 */
class ScriptsTest {

  private static final Path LAUNCHER = Path.of("src/dist/bin/berth");
  private static final Path BENCH_COMPARE = RepoFiles.ROOT.resolve("scripts").resolve("bench-compare.sh");
  private static final Path C_ECHO_SERVER = RepoFiles.ROOT.resolve("scripts").resolve("c-echo-server.c");
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  @Test
  void theScriptsAreValidShell() throws Exception {
    assertThat(run("sh", "-n", LAUNCHER.toString())).isEmpty();
    assertThat(run("bash", "-n", BENCH_COMPARE.toString())).isEmpty();
  }

  @Test
  void theScriptsPassShellcheck() throws Exception {
    String shellcheck = ExternalCommand.require("shellcheck", "shellcheck").toString();
    assertThat(run(shellcheck, "--shell=sh", LAUNCHER.toString())).isEmpty();
    assertThat(run(shellcheck, BENCH_COMPARE.toString())).isEmpty();
  }

  @Test
  void theCEchoServerEchoesByteForByteThroughPartialWrites(@TempDir Path dir) throws Exception {
    ExternalCommand.require("cc", "gcc");
    Path binary = dir.resolve("c-echo-server");
    assertThat(run("cc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", binary.toString(), C_ECHO_SERVER.toString()))
        .isEmpty();
    Process server = new ProcessBuilder(binary.toString(), "0", "127.0.0.1").start();
    try {
      BufferedReader log = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
      Matcher listening = LISTENING.matcher(String.valueOf(log.readLine()));
      assertThat(listening.find()).isTrue();
      // 16 MiB sent before a byte is read: more than both socket buffers hold, so the server's
      // writes come back partial and it must wait for EPOLLOUT, and stop reading meanwhile.
      byte[] sent = new byte[16 * 1024 * 1024];
      new Random(15).nextBytes(sent);
      try (Socket socket = LoopbackSockets.connect(Integer.parseInt(listening.group(1)))) {
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
          try {
            OutputStream out = socket.getOutputStream();
            out.write(sent);
            socket.shutdownOutput();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        InputStream in = socket.getInputStream();
        byte[] received = in.readNBytes(sent.length);
        writing.get(60, TimeUnit.SECONDS);
        assertThat(Arrays.equals(received, sent)).as("the echo is byte for byte the same").isTrue();
        assertThat(in.read()).as("closed after the end of input").isEqualTo(-1);
      }
    } finally {
      server.destroy();
      assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Runs a command in cli/ and returns its output if it failed, or "" if it succeeded. */
  private static String run(String... command) throws Exception {
    ExternalCommand.Result result = ExternalCommand.run(Path.of("."), command);
    return result.succeeded() ? "" : result.output();
  }
}
