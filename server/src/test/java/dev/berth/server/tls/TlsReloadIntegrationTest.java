package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.config.TlsClientAuth;
import dev.berth.config.TlsConfig;
import dev.berth.config.TlsProvider;
import dev.berth.testing.Await;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** Reloading the certificate while connections are open: by {@link ServerTls#reload()} (SIGHUP) and by a file change. */
class TlsReloadIntegrationTest {

  private static final TestPki PKI = TestPki.create("berth reload CA");

  @TempDir
  Path dir;

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void aReloadServesNewConnectionsTheNewPairWhileOpenOnesKeepTheirsAndABrokenFileKeepsTheOldPair(TlsProvider provider)
      throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TestPki.Issued first = PKI.server(false);
    first.write(cert, key);
    SSLContext clientContext = PKI.clientContext(null);
    ListAppender<ILoggingEvent> log = capture();
    try (ServerTls tls = ServerTls.create(config(cert, key, provider));
        TlsEchoServer server = new TlsEchoServer(tls);
        TlsTestClient open = new TlsTestClient(clientContext, server.port())) {
      assertThat(open.exchange("before")).isEqualTo("before");

      TestPki.Issued second = PKI.server(true);
      second.write(cert, key);
      assertThat(tls.reload()).isTrue();
      assertThat(tls.reloads(true)).isEqualTo(1);
      assertThat(open.exchange("after")).isEqualTo("after");
      assertThat(serial(open)).isEqualTo(first.certificate().getSerialNumber());
      assertThat(servedSerial(clientContext, server)).isEqualTo(second.certificate().getSerialNumber());
      assertThat(tls.certificateExpiry()).isEqualTo(second.certificate().getNotAfter().toInstant());

      Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
      assertThat(tls.reload()).isFalse();
      assertThat(tls.reloads(false)).isEqualTo(1);
      assertThat(servedSerial(clientContext, server)).isEqualTo(second.certificate().getSerialNumber());
      assertThat(open.exchange("still")).isEqualTo("still");
      assertThat(lines(log)).last().asString().isEqualTo("WARN TLS reload failed, still serving the previous certificate: "
          + "tls-cert: " + cert + ": not valid PEM: malformed PEM data: unable to decode base64 string: truncated final "
          + "block in base64 data");

      TestPki.Issued unrelated = PKI.server(false);
      second.write(cert, dir.resolve("other-key.pem"));
      unrelated.write(dir.resolve("other-cert.pem"), key);
      assertThat(tls.reload()).isFalse();
      assertThat(lines(log)).last().asString().startsWith("WARN TLS reload failed").endsWith(
          "tls-key: " + key + ": does not belong to the certificate in " + cert
              + " (the first certificate of the file must be the one for this key)");
      assertThat(tls.reloads(false)).isEqualTo(2);
    } finally {
      release(log);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void filesReplacedByRenameAreReloaded(TlsProvider provider) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    PKI.server(false).write(cert, key);
    SSLContext clientContext = PKI.clientContext(null);
    try (ServerTls tls = ServerTls.create(config(cert, key, provider));
        TlsEchoServer server = new TlsEchoServer(tls)) {
      tls.watchFiles();
      TestPki.Issued next = PKI.server(false);
      // As an editor or a deployment tool does: write new files beside, rename them over the old ones.
      next.write(dir.resolve(".cert.pem.new"), dir.resolve(".key.pem.new"));
      Files.move(dir.resolve(".key.pem.new"), key, StandardCopyOption.ATOMIC_MOVE);
      Files.move(dir.resolve(".cert.pem.new"), cert, StandardCopyOption.ATOMIC_MOVE);
      Await.until("the renamed files reloaded", () -> tls.certificateExpiry().equals(next.certificate().getNotAfter().toInstant())
          && tls.reloads(true) >= 1);
      assertThat(servedSerial(clientContext, server)).isEqualTo(next.certificate().getSerialNumber());
    }
  }

  @ParameterizedTest
  @MethodSource("dev.berth.server.tls.TlsEchoServer#providers")
  void certbotStyleLinksPointedAtNewFilesAreReloaded(TlsProvider provider) throws Exception {
    // certbot: live/fullchain.pem -> ../archive/fullchain1.pem; a renewal writes fullchain2.pem and
    // repoints the link (a new link renamed over the old one).
    Path archive = Files.createDirectories(dir.resolve("archive"));
    Path live = Files.createDirectories(dir.resolve("live"));
    PKI.server(false).write(archive.resolve("fullchain1.pem"), archive.resolve("privkey1.pem"));
    Path cert = Files.createSymbolicLink(live.resolve("fullchain.pem"), Path.of("../archive/fullchain1.pem"));
    Path key = Files.createSymbolicLink(live.resolve("privkey.pem"), Path.of("../archive/privkey1.pem"));
    SSLContext clientContext = PKI.clientContext(null);
    try (ServerTls tls = ServerTls.create(config(cert, key, provider));
        TlsEchoServer server = new TlsEchoServer(tls)) {
      tls.watchFiles();
      TestPki.Issued renewed = PKI.server(false);
      renewed.write(archive.resolve("fullchain2.pem"), archive.resolve("privkey2.pem"));
      repoint(key, "../archive/privkey2.pem");
      repoint(cert, "../archive/fullchain2.pem");
      Await.until("the renewed certificate reloaded",
          () -> tls.certificateExpiry().equals(renewed.certificate().getNotAfter().toInstant()) && tls.reloads(true) >= 1);
      assertThat(servedSerial(clientContext, server)).isEqualTo(renewed.certificate().getSerialNumber());
    }
  }

  private static void repoint(Path link, String target) throws IOException {
    Path fresh = link.resolveSibling(link.getFileName() + ".new");
    Files.createSymbolicLink(fresh, Path.of(target));
    Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static TlsConfig config(Path cert, Path key, TlsProvider provider) {
    return new TlsConfig(cert, key, false, null, TlsClientAuth.NONE, List.of("TLSv1.3", "TLSv1.2"),
        Duration.ofSeconds(10), provider);
  }

  private static BigInteger servedSerial(SSLContext clientContext, TlsEchoServer server) throws IOException {
    try (TlsTestClient client = new TlsTestClient(clientContext, server.port())) {
      assertThat(client.exchange("hello")).isEqualTo("hello");
      return serial(client);
    }
  }

  private static BigInteger serial(TlsTestClient client) throws IOException {
    return client.serverCertificate().getSerialNumber();
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(ServerTls.class)).addAppender(appender);
    return appender;
  }

  private static List<String> lines(ListAppender<ILoggingEvent> appender) {
    return appender.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
  }

  private static void release(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(ServerTls.class)).detachAppender(appender);
    appender.stop();
  }
}
