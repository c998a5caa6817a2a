package dev.berth.server.tls;

import dev.berth.config.ConfigException;
import dev.berth.config.TlsClientAuth;
import dev.berth.config.TlsConfig;
import dev.berth.config.TlsProvider;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** The TLS implementation berth uses, and the Netty {@link SslContext} it builds from a certificate. */
final class ServerSslContexts {

  private ServerSslContexts() {}

  /**
   * OpenSSL (BoringSSL, through netty-tcnative) when asked for or, under {@code auto}, when it
   * loads; else the JDK's TLS. Reference-counted OpenSSL contexts: each engine holds its context,
   * so a context replaced by a reload lives exactly as long as its last connection.
   *
   * @throws ConfigException for {@code openssl} where netty-tcnative does not load
   */
  static SslProvider provider(TlsProvider wanted) {
    switch (wanted) {
      case JDK:
        return SslProvider.JDK;
      case OPENSSL:
        if (!OpenSsl.isAvailable()) {
          throw ConfigException.invalid("tls-provider", "openssl: netty-tcnative does not load here ("
              + OpenSsl.unavailabilityCause() + ") (expected: auto or jdk)");
        }
        return SslProvider.OPENSSL_REFCNT;
      default:
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    }
  }

  /** For logs: {@code OpenSSL (BoringSSL)} or {@code JDK (Java 17.0.15)}, with why the JDK's where OpenSSL was wanted. */
  static String describe(SslProvider provider, TlsProvider wanted) {
    if (provider != SslProvider.JDK) {
      return "OpenSSL (" + OpenSsl.versionString() + ")";
    }
    String jdk = "JDK (Java " + Runtime.version() + ")";
    return wanted == TlsProvider.AUTO ? jdk + "; netty-tcnative did not load: " + OpenSsl.unavailabilityCause() : jdk;
  }

  /** The context that serves {@code served}, asking for client certificates as {@code config} says. */
  static SslContext build(ServedCertificate served, List<X509Certificate> clientCas, TlsConfig config,
      SslProvider provider) {
    SslContextBuilder builder = SslContextBuilder.forServer(served.key(), served.chain())
        .sslProvider(provider)
        .protocols(config.protocols())
        .clientAuth(clientAuth(config.clientAuth()));
    if (!clientCas.isEmpty()) {
      builder.trustManager(clientCas);
    }
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw ConfigException.invalid(TlsFiles.CERT, served.origin() + ": cannot be served: " + e.getMessage());
    }
  }

  private static ClientAuth clientAuth(TlsClientAuth auth) {
    switch (auth) {
      case REQUIRE:
        return ClientAuth.REQUIRE;
      case OPTIONAL:
        return ClientAuth.OPTIONAL;
      default:
        return ClientAuth.NONE;
    }
  }
}
