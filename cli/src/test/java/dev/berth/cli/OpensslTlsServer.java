package dev.berth.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code openssl s_server -rev}, a TLS server that is not ours: it answers each line with the line
 * reversed. Its certificate for localhost and 127.0.0.1 is issued by a CA made for the test with
 * {@code openssl} commands, in the test's folder (never committed).
 */
final class OpensslTlsServer {

  private OpensslTlsServer() {}

  /** Makes {@code ca.pem}, {@code server.pem} and {@code server.key} in {@code folder}. */
  static void makeCertificates(Path openssl, Path folder) throws Exception {
    run(folder, openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=berth test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
    run(folder, openssl.toString(), "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
    Files.writeString(folder.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    run(folder, openssl.toString(), "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
  }

  /**
   * Starts {@code openssl s_server -rev} on 127.0.0.1 and a free port with {@code folder}'s
   * certificate. It takes a client's FIN as the end ({@code -ignore_unexpected_eof}), as berth's
   * client half-closes without close_notify.
   */
  static ListeningProcess start(Path openssl, Path folder) throws Exception {
    return ListeningProcess.start(new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:0", "-rev",
        "-ignore_unexpected_eof", "-cert", "server.pem", "-key", "server.key").directory(folder.toFile()),
        Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)"));
  }

  private static void run(Path folder, String... command) throws Exception {
    ExternalCommand.Result result = ExternalCommand.run(folder, Map.of(), Duration.ofMinutes(1), command);
    if (!result.succeeded()) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
    }
  }
}
