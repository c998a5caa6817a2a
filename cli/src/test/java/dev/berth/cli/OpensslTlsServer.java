package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_server -rev}, a TLS server that is not ours: it answers each line with the line
 * reversed. Its certificate for localhost and 127.0.0.1 is issued by a CA made for the test with
 * {@code openssl} commands, in the test's folder (never committed).
 */
final class OpensslTlsServer implements AutoCloseable {

  private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final int port;

  private OpensslTlsServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Makes {@code ca.pem}, {@code server.pem} and {@code server.key} in {@code folder}. */
  static void makeCertificates(Path openssl, Path folder) throws Exception {
    run(folder, openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=berth test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
    run(folder, openssl.toString(), "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
    java.nio.file.Files.writeString(folder.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    run(folder, openssl.toString(), "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
  }

  /**
   * Starts {@code openssl s_server -rev} on 127.0.0.1 and a free port with {@code folder}'s
   * certificate. It takes a client's FIN as the end ({@code -ignore_unexpected_eof}), as berth's
   * client half-closes without close_notify.
   */
  static OpensslTlsServer start(Path openssl, Path folder) throws Exception {
    Process process = new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:0", "-rev",
        "-ignore_unexpected_eof", "-cert", "server.pem", "-key", "server.key")
        .directory(folder.toFile()).redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = output.readLine()) != null) {
          Matcher accept = ACCEPT.matcher(line);
          if (accept.find()) {
            return Integer.parseInt(accept.group(1));
          }
        }
        throw new IllegalStateException("openssl s_server ended without listening");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      OpensslTlsServer server = new OpensslTlsServer(process, port.get(30, TimeUnit.SECONDS));
      // Keep reading, so that its output never fills the pipe and blocks it.
      CompletableFuture.runAsync(() -> output.lines().forEach(line -> { }));
      return server;
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static void run(Path folder, String... command) throws Exception {
    ExternalCommand.Result result = ExternalCommand.run(folder, java.util.Map.of(), Duration.ofMinutes(1), command);
    if (!result.succeeded()) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
    }
  }
}
