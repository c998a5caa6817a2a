package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Certificates made with the {@code openssl} command, as docs/tls.md makes them: a CA, server
 * certificates for localhost and 127.0.0.1, client certificates. Keys are fresh each run; nothing
 * secret is committed. The tests that use it are skipped where openssl is missing.
 */
final class OpensslPki {

  private final Path dir;
  private final String openssl;

  private OpensslPki(Path dir) {
    this.dir = dir;
    this.openssl = ExternalCommand.require("openssl", "openssl").toString();
  }

  /** A CA in {@code dir}: {@code ca.pem} and {@code ca.key}. */
  static OpensslPki create(Path dir) throws IOException, InterruptedException {
    OpensslPki pki = new OpensslPki(dir);
    pki.run("req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=berth test CA");
    return pki;
  }

  Path ca() {
    return dir.resolve("ca.pem");
  }

  /** {@code NAME.pem} and {@code NAME.key}: a server certificate for localhost and 127.0.0.1. */
  Path[] server(String name) throws IOException, InterruptedException {
    return issue(name, "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  }

  /** {@code NAME.pem} and {@code NAME.key}: a client certificate with the subject CN=NAME. */
  Path[] client(String name) throws IOException, InterruptedException {
    return issue(name, "/CN=" + name, "extendedKeyUsage=clientAuth\n");
  }

  private Path[] issue(String name, String subject, String extensions) throws IOException, InterruptedException {
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
    run("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "30", "-extfile", name + ".ext", "-out", name + ".pem");
    return new Path[] {dir.resolve(name + ".pem"), dir.resolve(name + ".key")};
  }

  private void run(String... arguments) throws IOException, InterruptedException {
    String[] command = new String[arguments.length + 1];
    command[0] = openssl;
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    ExternalCommand.Result result = ExternalCommand.run(dir, Map.of(), Duration.ofMinutes(1), command);
    assertThat(result.succeeded()).as(String.join(" ", command) + ": " + result.output()).isTrue();
  }
}
