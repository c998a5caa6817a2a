package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.Await;
import dev.berth.testing.OpensslProcess;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS end to end: berth.jar with real TLS clients (openssl s_client and the JDK's), mutual TLS, reloads. */
class TlsIT {

  @TempDir
  Path dir;

  @Test
  void aSelfSignedInfoServerAnswersOpensslSClientWithItsTlsVersion() throws Exception {
    ExternalCommand.require("openssl", "openssl");
    try (BerthProcess server = BerthProcess.start("server", "--tls-self-signed", "--mode", "info", "--host", "127.0.0.1",
        "--port", "0", "--no-metrics", "--io-threads", "1")) {
      int port = server.awaitReadyPort();
      assertThat(server.stderr()).anySatisfy(line -> assertThat(line).contains("TLS certificate (self-signed): "
          + "CN=localhost,O=berth self-signed (DNS:localhost, IP:127.0.0.1, IP:::1").contains("SHA-256 "));
      try (OpensslProcess sClient = OpensslProcess.start("s_client", "-connect", "127.0.0.1:" + port,
          "-servername", "localhost", "-ign_eof")) {
        sClient.send("hello\n");
        Await.until("the info reply through s_client", () -> sClient.output().contains("\"message\":\"hello\"}"));
        assertThat(sClient.output())
            .contains("\"tls\":{\"version\":\"TLSv1.3\",\"cipher\":\"TLS_")
            .contains("\"sni\":\"localhost\"")
            .contains("verify error:num=18:self-signed certificate"); // not trusted here, as expected
      }
    }
  }

  @Test
  void mutualTlsRefusesAClientWithoutACertificateAndNamesTheOneWithACertificate() throws Exception {
    OpensslPki pki = OpensslPki.create(dir);
    Path[] server = pki.server("server");
    Path[] alice = pki.client("alice");
    try (BerthProcess berth = BerthProcess.start("server", "--tls-cert", server[0].toString(), "--tls-key",
        server[1].toString(), "--tls-client-ca", pki.ca().toString(), "--mode", "info", "--host", "127.0.0.1",
        "--port", "0", "--no-metrics", "--io-threads", "1")) {
      int port = berth.awaitReadyPort();
      try (OpensslProcess anonymous = OpensslProcess.start("s_client", "-connect", "127.0.0.1:" + port,
          "-servername", "localhost", "-CAfile", pki.ca().toString(), "-verify_return_error", "-ign_eof")) {
        anonymous.send("hello\n");
        Await.until("s_client told it needs a certificate", () -> anonymous.output().contains("alert certificate required"));
        Await.until("s_client ended", () -> !anonymous.isAlive());
        assertThat(anonymous.output()).doesNotContain("\"message\"").doesNotContain("reset");
      }
      try (OpensslProcess withCertificate = OpensslProcess.start("s_client", "-connect", "127.0.0.1:" + port,
          "-servername", "localhost", "-CAfile", pki.ca().toString(), "-verify_return_error", "-ign_eof",
          "-cert", alice[0].toString(), "-key", alice[1].toString())) {
        withCertificate.send("hello\n");
        Await.until("the info reply", () -> withCertificate.output().contains("\"message\":\"hello\"}"));
        assertThat(withCertificate.output()).contains("\"client_subject\":\"CN=alice\"")
            .contains("Verify return code: 0 (ok)");
      }
    }
  }

  @Test
  void theCertificateIsReloadedOnSighupAndOnAFileChangeWhileAConnectionStaysOpen() throws Exception {
    OpensslPki pki = OpensslPki.create(dir);
    Path[] first = pki.server("first");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.copy(first[0], cert);
    Files.copy(first[1], key);
    PemTrust trust = PemTrust.of(pki.ca(), null, null);
    try (BerthProcess server = BerthProcess.start("server", "--tls-cert", cert.toString(), "--tls-key", key.toString(),
        "--host", "127.0.0.1", "--port", "0", "--metrics-host", "127.0.0.1", "--metrics-port", "0",
        "--io-threads", "1");
        SSLSocket open = trust.connect(server.awaitReadyPort())) {
      int port = open.getPort();
      ProcessMetrics metrics = ProcessMetrics.of(server);
      assertThat(LoopbackSockets.roundTrip(open, "before")).isEqualTo("before");

      server.signal("HUP");
      Await.until("a reload on SIGHUP", () -> metrics.value("berth_tls_reloads_total{result=\"ok\"}") == 1);
      assertThat(server.isAlive()).isTrue();
      assertThat(server.stderr()).anySatisfy(line -> assertThat(line).contains("SIGHUP: reloading the TLS certificate"));

      Path[] second = pki.server("second");
      replace(second[1], key);
      replace(second[0], cert);
      BigInteger secondSerial = PemTrust.certificates(second[0]).get(0).getSerialNumber();
      Await.until("the changed files loaded", Duration.ofSeconds(20), () -> servedSerial(trust, port).equals(secondSerial));
      assertThat(LoopbackSockets.roundTrip(open, "after")).isEqualTo("after");
      assertThat(PemTrust.serverCertificate(open).getSerialNumber())
          .isEqualTo(PemTrust.certificates(first[0]).get(0).getSerialNumber());

      // (A reload between the two renames, with the new key and the old certificate, fails: count from here.)
      long failed = metrics.value("berth_tls_reloads_total{result=\"failed\"}");
      Files.writeString(cert, "not a certificate\n");
      Await.until("the broken file counted",
          () -> metrics.value("berth_tls_reloads_total{result=\"failed\"}") == failed + 1);
      assertThat(server.stderr()).anySatisfy(line -> assertThat(line)
          .contains("TLS reload failed, still serving the previous certificate: tls-cert: " + cert
              + ": no PEM certificate in it"));
      assertThat(servedSerial(trust, port)).isEqualTo(secondSerial);
      assertThat(LoopbackSockets.roundTrip(open, "still")).isEqualTo("still");
      assertThat(metrics.value("berth_tls_certificate_expiry_seconds"))
          .isEqualTo(PemTrust.certificates(second[0]).get(0).getNotAfter().toInstant().getEpochSecond());
    }
  }

  @Test
  void berthCtlReloadTlsSaysWhetherTheFilesLoaded() throws Exception {
    OpensslPki pki = OpensslPki.create(dir);
    Path[] files = pki.server("server");
    Path socket = dir.resolve("berth.sock");
    try (BerthProcess server = BerthProcess.start("server", "--tls-cert", files[0].toString(), "--tls-key",
        files[1].toString(), "--control-socket", socket.toString(), "--host", "127.0.0.1", "--port", "0",
        "--no-metrics", "--io-threads", "1")) {
      server.awaitReadyPort();
      BerthProcess loaded = BerthProcess.run("ctl", "--control-socket", socket.toString(), "reload-tls");
      assertThat(loaded.exitValue()).as(loaded.stderr().toString()).isZero();
      assertThat(loaded.stdout()).contains("reloaded");

      Files.writeString(files[0], "not a certificate\n");
      BerthProcess refused = BerthProcess.run("ctl", "--control-socket", socket.toString(), "reload-tls");
      assertThat(refused.exitValue()).isEqualTo(1);
      assertThat(refused.stderr()).anySatisfy(line -> assertThat(line).contains("did not load"));
      assertThat(server.isAlive()).isTrue();
    }
  }

  @Test
  void sighupWithoutTlsIsLoggedAndTheServerServesOn() throws Exception {
    try (BerthProcess server = BerthProcess.start("server", "--host", "127.0.0.1", "--port", "0", "--no-metrics",
        "--io-threads", "1")) {
      int port = server.awaitReadyPort();
      server.signal("HUP");
      Await.until("the SIGHUP logged", () -> server.stderr().stream().anyMatch(line -> line.contains("no TLS to reload")));
      try (var peer = LoopbackSockets.connect(port)) {
        assertThat(LoopbackSockets.roundTrip(peer, "hello")).isEqualTo("hello");
      }
    }
  }

  /** Writes {@code source} beside {@code target} and renames it over it, as a deployment tool does. */
  private static void replace(Path source, Path target) throws Exception {
    Path fresh = target.resolveSibling(target.getFileName() + ".new");
    Files.copy(source, fresh, StandardCopyOption.REPLACE_EXISTING);
    Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static BigInteger servedSerial(PemTrust trust, int port) {
    try (SSLSocket socket = trust.connect(port)) {
      return PemTrust.serverCertificate(socket).getSerialNumber();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
