package dev.berth.config;

import io.netty.util.NetUtil;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@code berth client} and {@code berth bench} speak TLS; a configuration without it has
 * {@code null} in its place.
 *
 * @param ca PEM bundle of the CAs the server's certificate must chain to, or {@code null} for the
 *     JDK's trusted CAs
 * @param insecure whether the server's certificate and name go unverified
 * @param certificate PEM certificate chain shown to a server that asks for one, or {@code null}
 * @param key PEM private key (PKCS#8) of {@code certificate}, or {@code null}
 * @param serverName the name sent as SNI and verified in the server's certificate, or {@code
 *     null} for the host
 */
public record ClientTlsConfig(Path ca, boolean insecure, Path certificate, Path key, String serverName) {

  /** Every combination is checked here; an error names the key (and {@link #from} where it was set). */
  public ClientTlsConfig {
    if (insecure && ca != null) {
      throw ConfigException.invalid("tls-insecure", "cannot go with a CA bundle%s: a CA is for verifying (choose one)",
          "tls-ca");
    }
    if ((certificate == null) != (key == null)) {
      throw certificate == null
          ? ConfigException.invalid("tls-key", ConfigException.literal(key) + " without a certificate%s "
              + "(give --tls-cert too)", "tls-cert")
          : ConfigException.invalid("tls-cert", ConfigException.literal(certificate) + " without a key%s "
              + "(give --tls-key too)", "tls-key");
    }
    if (serverName != null && (serverName.isBlank() || serverName.chars().anyMatch(Character::isWhitespace))) {
      throw ConfigException.invalid("tls-server-name", "\"" + ConfigException.literal(serverName)
          + "\" (expected: a host name)");
    }
  }

  /**
   * The TLS settings in {@code settings}, or {@code null} without {@code --tls}; any other TLS
   * option without {@code --tls} is an error, so that nobody believes a connection is encrypted
   * when it is not.
   */
  static ClientTlsConfig from(Settings settings) {
    if (!settings.get(TargetOptions.TLS)) {
      for (ConfigKey<?> key : TargetOptions.TLS_DETAILS) {
        Object value = settings.get(key);
        if (value != null && !Boolean.FALSE.equals(value)) {
          throw ConfigException.invalid(key.name(), (value instanceof Boolean ? "" : ConfigException.literal(value) + " ")
              + "without --tls (add --tls)");
        }
      }
      return null;
    }
    return new ClientTlsConfig(
        settings.get(TargetOptions.TLS_CA),
        settings.get(TargetOptions.TLS_INSECURE),
        settings.get(TargetOptions.TLS_CERT),
        settings.get(TargetOptions.TLS_KEY),
        settings.get(TargetOptions.TLS_SERVER_NAME));
  }

  /** The name the server's certificate must carry: {@link #serverName}, else {@code host}. */
  public String verifiedName(String host) {
    return serverName != null ? serverName : Objects.requireNonNull(host, "host");
  }

  /**
   * The name sent as SNI, or {@code null}: {@link #verifiedName} when it is a host name (SNI
   * cannot carry an IP address).
   */
  public String sniName(String host) {
    String name = verifiedName(host);
    return NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name) ? null : name;
  }

  /** Whether a client certificate is configured. */
  public boolean hasCertificate() {
    return certificate != null;
  }
}
