package dev.berth.client.tls;

import dev.berth.config.ClientTlsConfig;
import dev.berth.config.ConfigException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The TLS side of a client's connections to one server: one SSL context, made from a {@link
 * ClientTlsConfig}, and a fresh {@link SslHandler} for each connection. OpenSSL (BoringSSL through
 * netty-tcnative) where its library loads, else the JDK's TLS. The server's certificate is
 * verified against the JDK's trusted CAs or {@code --tls-ca}, and its name (the {@code
 * --tls-server-name} or the host), unless {@code --tls-insecure}.
 */
public final class ClientSsl {

  private final ClientTlsConfig config;
  private final SslContext context;
  private final String provider;
  private final String verifiedName;
  private final int port;
  private final long handshakeTimeoutMillis;
  private final boolean fullHandshakes;
  private final CertificateRequests requests;
  private final AtomicInteger sessionKeys = new AtomicInteger();

  private ClientSsl(ClientTlsConfig config, SslContext context, String provider, String verifiedName, int port,
      Duration handshakeTimeout, boolean fullHandshakes, CertificateRequests requests) {
    this.config = config;
    this.context = context;
    this.provider = provider;
    this.verifiedName = verifiedName;
    this.port = port;
    this.handshakeTimeoutMillis = Math.max(1, handshakeTimeout.toMillis());
    this.fullHandshakes = fullHandshakes;
    this.requests = requests;
  }

  /**
   * The TLS side of connections to {@code host:port}.
   *
   * @param handshakeTimeout a handshake not done by then fails
   * @param fullHandshakes whether every connection makes a full handshake, never resuming an
   *     earlier session (the bench measures handshakes); otherwise sessions are resumed as any
   *     client does
   * @throws ConfigException when a certificate, key or CA file cannot be read or is not PEM
   */
  public static ClientSsl create(ClientTlsConfig config, String host, int port, Duration handshakeTimeout,
      boolean fullHandshakes) {
    return create(config, host, port, handshakeTimeout, fullHandshakes, OpenSsl.isAvailable());
  }

  /** The same with the provider chosen: OpenSSL, or the JDK's (tests try both). */
  static ClientSsl create(ClientTlsConfig config, String host, int port, Duration handshakeTimeout,
      boolean fullHandshakes, boolean openSsl) {
    Objects.requireNonNull(config, "config");
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK);
    if (config.insecure()) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else if (config.ca() != null) {
      try {
        builder.trustManager(readable("tls-ca", config.ca()).toFile());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--tls-ca: " + config.ca() + " holds no PEM certificate");
      }
    }
    CertificateRequests requests = null;
    if (config.hasCertificate()) {
      try {
        builder.keyManager(readable("tls-cert", config.certificate()).toFile(), readable("tls-key", config.key()).toFile());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--tls-cert/--tls-key: cannot load " + config.certificate() + " with "
            + config.key() + " (expected: a PEM certificate chain and its PEM private key, PKCS#8): " + reason(e));
      }
    } else {
      requests = new CertificateRequests();
      builder.keyManager(requests);
    }
    String sni = config.sniName(host);
    if (sni != null) {
      builder.serverName(new SNIHostName(sni));
    }
    if (fullHandshakes) {
      // Nothing to resume (see newHandler), so keep no more than one session.
      builder.sessionCacheSize(1);
    }
    try {
      return new ClientSsl(config, builder.build(), openSsl ? "OpenSSL" : "JDK", config.verifiedName(host), port,
          handshakeTimeout, fullHandshakes, requests);
    } catch (SSLException | IllegalArgumentException e) {
      throw new ConfigException("--tls: cannot set up TLS: " + reason(e));
    }
  }

  /**
   * A handler for one new connection; its handshake starts when the connection is active and
   * fails after the handshake timeout.
   */
  public SslHandler newHandler(ByteBufAllocator alloc) {
    // Sessions are cached by name and port; a port no other connection names finds no session,
    // so the connection makes a full handshake. The port is only that key: nothing is sent to it.
    int sessionPort = fullHandshakes ? port + 65536 + (sessionKeys.getAndIncrement() & 0x3fffffff) : port;
    SslHandler handler = context.newHandler(alloc, verifiedName, sessionPort);
    handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    return handler;
  }

  /** {@code OpenSSL} or {@code JDK}: which implementation speaks TLS. */
  public String provider() {
    return provider;
  }

  /** The name the server's certificate must carry (not checked with {@code --tls-insecure}). */
  public String verifiedName() {
    return verifiedName;
  }

  /**
   * Why the TLS of a connection failed, in words a person acts on, e.g. {@code the server's
   * certificate is not trusted (...)}; {@code null} when {@code cause} is no TLS failure.
   */
  public String describe(SSLEngine engine, Throwable cause) {
    boolean asked = requests != null && engine != null && requests.askedBy(engine);
    return TlsFailures.describe(cause, config, verifiedName, handshakeTimeoutMillis, asked);
  }

  private static Path readable(String key, Path file) {
    try (var in = Files.newInputStream(file)) {
      return file;
    } catch (NoSuchFileException e) {
      throw new ConfigException("--" + key + ": cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException("--" + key + ": cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new ConfigException("--" + key + ": cannot read " + file + ": " + reason(e));
    }
  }

  /** The innermost message of {@code e}, which says most about what is wrong. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause().getMessage() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }
}
