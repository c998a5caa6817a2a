package dev.berth.client.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.TestPki;
import dev.berth.client.TestServer;
import dev.berth.client.TlsFront;
import dev.berth.config.ClientTlsConfig;
import dev.berth.config.ConfigException;
import dev.berth.protocol.Framing;
import dev.berth.testing.Await;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Handshakes of both TLS providers against a TLS echo server made in the test: what succeeds, and
 * the one-line reason of each way it fails.
 */
class ClientSslTest {

  @TempDir
  static Path folder;
  private static TestPki pki;
  private static TestPki otherPki;
  private static TestPki.Issued server;
  private static EventLoopGroup group;

  @BeforeAll
  static void makeCertificates() {
    pki = TestPki.create(folder, "Test CA");
    otherPki = TestPki.create(folder, "Other CA");
    server = pki.server("server");
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void verifiesTheServerByItsCaAndAddressAndSendsNoSniForAnIp(boolean openSsl) throws Exception {
    TlsFront tls = TlsFront.of(server);
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, tls)) {
      Handshake handshake = handshake(ca(), "127.0.0.1", echo.port(), openSsl);

      assertThat(handshake.failure).isNull();
      assertThat(handshake.echo("hello")).isEqualTo("hello\n");
      assertThat(tls.handshakes()).isEqualTo(1);
      assertThat(tls.serverNames()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void sendsTheHostOrTheGivenServerNameAsSni(boolean openSsl) throws Exception {
    TestPki.Issued named = pki.serverFor("named-" + openSsl, "echo.example");
    TlsFront byHost = TlsFront.of(server);
    TlsFront byName = TlsFront.of(named);
    try (TestServer first = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, byHost);
        TestServer second = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, byName)) {
      assertThat(handshake(ca(), "localhost", first.port(), openSsl).failure).isNull();
      assertThat(handshake(new ClientTlsConfig(pki.caFile(), false, null, null, "echo.example"), "127.0.0.1",
          second.port(), openSsl).failure).isNull();
      // In TLS 1.3 the client is done before the server has read its Finished message.
      Await.until("the servers' handshakes", () -> byHost.handshakes() == 1 && byName.handshakes() == 1);

      assertThat(byHost.serverNames()).containsExactly("localhost");
      assertThat(byName.serverNames()).containsExactly("echo.example");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anUntrustedCertificateSaysWhereTrustWasLookedFor(boolean openSsl) {
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, TlsFront.of(server))) {
      assertThat(handshake(new ClientTlsConfig(null, false, null, null, null), "127.0.0.1", echo.port(), openSsl).failure)
          .isEqualTo("the server's certificate is not trusted: it does not chain to a CA the JDK trusts "
              + "(give its CA with --tls-ca, or skip verification with --tls-insecure)");
      assertThat(handshake(new ClientTlsConfig(otherPki.caFile(), false, null, null, null), "127.0.0.1", echo.port(),
          openSsl).failure)
          .isEqualTo("the server's certificate is not trusted: it does not chain to a CA in " + otherPki.caFile()
              + " (give its CA with --tls-ca, or skip verification with --tls-insecure)");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aCertificateForAnotherNameIsAMismatch(boolean openSsl) {
    TestPki.Issued other = pki.serverFor("other-" + openSsl, "echo.example");
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, TlsFront.of(other))) {
      assertThat(handshake(ca(), "127.0.0.1", echo.port(), openSsl).failure)
          .isEqualTo("the server's certificate is not for 127.0.0.1 (give a name it carries with --tls-server-name, "
              + "or connect with --host by that name)");
      assertThat(handshake(new ClientTlsConfig(pki.caFile(), false, null, null, "wrong.example"), "127.0.0.1",
          echo.port(), openSsl).failure).startsWith("the server's certificate is not for wrong.example");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void insecureSkipsBothChecks(boolean openSsl) throws Exception {
    TestPki.Issued other = otherPki.serverFor("insecure-" + openSsl, "echo.example");
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, TlsFront.of(other))) {
      Handshake handshake = handshake(new ClientTlsConfig(null, true, null, null, null), "127.0.0.1", echo.port(), openSsl);

      assertThat(handshake.failure).isNull();
      assertThat(handshake.echo("anyone")).isEqualTo("anyone\n");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anExpiredCertificateSaysSo(boolean openSsl) {
    TestPki.Issued expired = pki.expiredServer("expired-" + openSsl);
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, TlsFront.of(expired))) {
      assertThat(handshake(ca(), "127.0.0.1", echo.port(), openSsl).failure)
          .isEqualTo("the server's certificate has expired");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openssl TLSv1.3", "openssl TLSv1.2", "jdk TLSv1.3", "jdk TLSv1.2"})
  void aServerThatRequiresAClientCertificateIsToldApartFromOneThatRejectsIt(String providerAndVersion) throws Exception {
    boolean openSsl = providerAndVersion.startsWith("openssl");
    String version = providerAndVersion.split(" ")[1];
    TestPki.Issued client = pki.client("client-" + providerAndVersion.replace(' ', '-'), "berth client");
    TestPki.Issued stranger = otherPki.client("stranger-" + providerAndVersion.replace(' ', '-'), "stranger");
    TlsFront tls = TlsFront.requiringClientCertificates(server, pki.ca(), version);
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, tls)) {
      Handshake accepted = handshake(new ClientTlsConfig(pki.caFile(), false, client.certificateFile(),
          client.keyFile(), null), "127.0.0.1", echo.port(), openSsl);
      assertThat(accepted.failure).isNull();
      assertThat(accepted.echo("mutual")).isEqualTo("mutual\n");
      assertThat(tls.clientSubjects()).containsExactly("CN=berth client");

      // In TLS 1.3 the client's part of the handshake is done before the server says no: the
      // refusal arrives as the first read fails.
      assertThat(handshake(ca(), "127.0.0.1", echo.port(), openSsl).failureOrFirstRead())
          .startsWith("the server requires a client certificate (give --tls-cert and --tls-key)");
      assertThat(handshake(new ClientTlsConfig(pki.caFile(), false, stranger.certificateFile(), stranger.keyFile(),
          null), "127.0.0.1", echo.port(), openSsl).failureOrFirstRead())
          .startsWith("the server did not accept the client certificate " + stranger.certificateFile() + " (alert ");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aPlainTextServerIsNotTls(boolean openSsl) {
    try (TestServer raw = TestServer.echo(Framing.RAW);
        TestServer greeter = TestServer.start(Framing.LINE, TestServer.Behaviour.GREET, 0)) {
      assertThat(handshake(ca(), "127.0.0.1", raw.port(), openSsl).failure)
          .isEqualTo("the server did not answer in TLS (is it a plain-text port?)");
      assertThat(handshake(ca(), "127.0.0.1", greeter.port(), openSsl).failure)
          .isEqualTo("the server did not answer in TLS (is it a plain-text port?)");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aSilentServerTimesOut(boolean openSsl) throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ClientSsl ssl = ClientSsl.create(ca(), "127.0.0.1", silent.getLocalPort(), Duration.ofMillis(200), false, openSsl);
      assertThat(handshake(ssl, silent.getLocalPort()).failure)
          .isEqualTo("no handshake within 200ms (is it a TLS port? a server waiting for a PROXY header or for plain "
              + "text says nothing)");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void fullHandshakesNeverResumeAndOtherwiseSessionsAreResumed(boolean openSsl) throws Exception {
    TlsFront tls = TlsFront.of(server);
    try (TestServer echo = TestServer.start(Framing.LINE, TestServer.Behaviour.ECHO, 0, tls)) {
      ClientSsl full = ClientSsl.create(ca(), "localhost", echo.port(), Duration.ofSeconds(10), true, openSsl);
      ClientSsl resuming = ClientSsl.create(ca(), "localhost", echo.port(), Duration.ofSeconds(10), false, openSsl);
      for (int i = 0; i < 4; i++) {
        assertThat(handshake(full, echo.port()).echo("full " + i)).isEqualTo("full " + i + "\n");
      }
      assertThat(tls.fullHandshakes()).isEqualTo(4);
      assertThat(tls.resumedHandshakes()).isZero();
      for (int i = 0; i < 4; i++) {
        assertThat(handshake(resuming, echo.port()).echo("resumed " + i)).isEqualTo("resumed " + i + "\n");
      }
      assertThat(tls.handshakes()).isEqualTo(8);
      assertThat(tls.resumedHandshakes()).isPositive();
    }
  }

  @Test
  void filesThatCannotBeReadAreUsageErrors() throws IOException {
    Path notPem = Files.writeString(folder.resolve("not.pem"), "hello");
    assertThatThrownBy(() -> ClientSsl.create(new ClientTlsConfig(folder.resolve("nope.pem"), false, null, null, null),
        "127.0.0.1", 1, Duration.ofSeconds(1), false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tls-ca: cannot read " + folder.resolve("nope.pem") + ": no such file");
    assertThatThrownBy(() -> ClientSsl.create(new ClientTlsConfig(notPem, false, null, null, null),
        "127.0.0.1", 1, Duration.ofSeconds(1), false))
        .hasMessage("--tls-ca: " + notPem + " holds no PEM certificate");
    assertThatThrownBy(() -> ClientSsl.create(new ClientTlsConfig(null, false, server.certificateFile(), notPem, null),
        "127.0.0.1", 1, Duration.ofSeconds(1), false))
        .hasMessageStartingWith("--tls-cert/--tls-key: cannot load " + server.certificateFile() + " with " + notPem
            + " (expected: a PEM certificate chain and its PEM private key, PKCS#8)");
  }

  @Test
  void openSslLoadsOnThisMachine() {
    assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"));
    assertThat(OpenSsl.isAvailable()).as("netty-tcnative loads on linux-x86_64").isTrue();
    assertThat(ClientSsl.create(ca(), "127.0.0.1", 1, Duration.ofSeconds(1), false).provider()).isEqualTo("OpenSSL");
  }

  private static ClientTlsConfig ca() {
    return new ClientTlsConfig(pki.caFile(), false, null, null, null);
  }

  private Handshake handshake(ClientTlsConfig config, String host, int port, boolean openSsl) {
    return handshake(ClientSsl.create(config, host, port, Duration.ofSeconds(10), false, openSsl), port);
  }

  /** Connects with {@code ssl} and waits for the handshake. */
  private Handshake handshake(ClientSsl ssl, int port) {
    Handshake handshake = new Handshake(ssl);
    Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            handshake.handler = ssl.newHandler(channel.alloc());
            channel.pipeline().addLast(handshake.handler, handshake);
          }
        })
        .connect("127.0.0.1", port).syncUninterruptibly().channel();
    handshake.channel = channel;
    if (!handshake.handler.handshakeFuture().awaitUninterruptibly().isSuccess()) {
      handshake.failure = ssl.describe(handshake.handler.engine(), handshake.handler.handshakeFuture().cause());
    }
    return handshake;
  }

  /** One connection's handshake, and its replies or its failure after the handshake. */
  private static final class Handshake extends ChannelInboundHandlerAdapter {
    private final ClientSsl ssl;
    private final CompletableFuture<String> reply = new CompletableFuture<>();
    private SslHandler handler;
    private Channel channel;
    private String failure;

    Handshake(ClientSsl ssl) {
      this.ssl = ssl;
    }

    String echo(String line) throws Exception {
      channel.writeAndFlush(Unpooled.copiedBuffer(line + "\n", StandardCharsets.UTF_8));
      try {
        return reply.get(10, TimeUnit.SECONDS);
      } finally {
        channel.close().syncUninterruptibly();
      }
    }

    /** The handshake's failure, or the failure of the first exchange after it. */
    String failureOrFirstRead() throws Exception {
      if (failure != null) {
        return failure;
      }
      try {
        return "no failure: " + echo("anything");
      } catch (java.util.concurrent.ExecutionException e) {
        return ssl.describe(handler.engine(), e.getCause());
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf bytes = (ByteBuf) msg;
      reply.complete(bytes.toString(StandardCharsets.UTF_8));
      bytes.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      reply.completeExceptionally(new IOException("closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      reply.completeExceptionally(cause);
      ctx.close();
    }
  }
}
