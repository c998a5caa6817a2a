package dev.berth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The server's TLS settings, shared by every listener with TLS on.
 *
 * @param certificate PEM certificate chain, or {@code null}
 * @param key PEM private key (PKCS#8, RSA or EC), or {@code null}
 * @param selfSigned whether to make a self-signed certificate at start instead of reading one
 * @param clientCa PEM CA bundle that client certificates must chain to, or {@code null}
 * @param clientAuth whether clients must present a certificate
 * @param protocols the enabled versions, e.g. {@code TLSv1.3}, {@code TLSv1.2}
 * @param handshakeTimeout a handshake not done by then is closed and counted; {@link Duration#ZERO} for no limit
 * @param provider OpenSSL, the JDK's TLS, or OpenSSL where it loads
 */
public record TlsConfig(
    Path certificate,
    Path key,
    boolean selfSigned,
    Path clientCa,
    TlsClientAuth clientAuth,
    List<String> protocols,
    Duration handshakeTimeout,
    TlsProvider provider) {

  /** The versions berth speaks. */
  public static final List<String> KNOWN_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

  public TlsConfig {
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(provider, "provider");
    protocols = List.copyOf(protocols);
    if ((certificate == null) != (key == null)) {
      throw certificate == null
          ? ConfigException.invalid("tls-key", key + " without a certificate%s (give --tls-cert too)", "tls-cert")
          : ConfigException.invalid("tls-cert", certificate + " without a key%s (give --tls-key too)", "tls-key");
    }
    if (selfSigned && certificate != null) {
      throw ConfigException.invalid("tls-self-signed",
          "cannot go with a certificate file%s: choose one", "tls-cert");
    }
    if (clientAuth != TlsClientAuth.NONE && clientCa == null) {
      throw ConfigException.invalid("tls-client-auth", clientAuth.optionName()
          + " needs a CA bundle that client certificates chain to (give --tls-client-ca)");
    }
    if (protocols.isEmpty()) {
      throw ConfigException.invalid("tls-protocols", "none given (expected: e.g. TLSv1.3,TLSv1.2)");
    }
    for (String protocol : protocols) {
      if (!KNOWN_PROTOCOLS.contains(protocol)) {
        throw ConfigException.invalid("tls-protocols", "not a TLS version: \"" + protocol
            + "\" (expected: " + String.join(", ", KNOWN_PROTOCOLS) + ")");
      }
    }
    Check.notNegative("tls-handshake-timeout", handshakeTimeout);
  }

  /** Whether there is a certificate to serve: TLS can be on for a listener. */
  public boolean hasCertificate() {
    return certificate != null || selfSigned;
  }
}
