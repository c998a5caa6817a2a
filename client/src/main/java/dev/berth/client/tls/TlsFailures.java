package dev.berth.client.tls;

import dev.berth.config.ClientTlsConfig;
import dev.berth.config.Durations;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns what the JDK and OpenSSL say about a failed handshake into one reason a person acts on.
 * Both providers wrap the same causes differently (OpenSSL: {@code General OpenSslEngine problem}
 * around the JDK trust manager's exception, alerts as {@code TLSV1_ALERT_UNKNOWN_CA}; the JDK:
 * {@code Received fatal alert: unknown_ca}), so the cause chain and the alert name are read.
 */
final class TlsFailures {

  /** The alert in a JDK message ({@code Received fatal alert: unknown_ca}) or an OpenSSL one ({@code TLSV1_ALERT_UNKNOWN_CA}). */
  private static final Pattern ALERT =
      Pattern.compile("(?:fatal alert: (\\w+))|(?:(?:SSLV3|TLSV1)_ALERT_(\\w+))");
  /** Alerts a server sends when it does not accept the client certificate it got. */
  private static final Set<String> REJECTED_CERTIFICATE = Set.of("bad_certificate", "unsupported_certificate",
      "certificate_revoked", "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied",
      "decrypt_error");
  /** What each provider says when the peer's bytes are not TLS. */
  private static final Pattern NOT_TLS = Pattern.compile(
      "UNEXPECTED_MESSAGE|WRONG_VERSION_NUMBER|Unexpected handshake message|Unsupported or unrecognized SSL message"
          + "|not an SSL/TLS record");

  private TlsFailures() {}

  /**
   * Why TLS failed; {@code null} when {@code cause} is not about TLS.
   *
   * @param asked whether the server asked for a client certificate that the client does not have
   */
  static String describe(Throwable cause, ClientTlsConfig config, String verifiedName, long timeoutMillis,
      boolean asked) {
    if (find(cause, SslHandshakeTimeoutException.class) != null) {
      return "no handshake within " + Durations.format(Duration.ofMillis(timeoutMillis)) + " (is it a TLS port? a server waiting for a PROXY header "
          + "or for plain text says nothing)";
    }
    if (find(cause, CertificateExpiredException.class) != null) {
      return "the server's certificate has expired";
    }
    if (find(cause, CertificateNotYetValidException.class) != null) {
      return "the server's certificate is not valid yet (is this machine's clock right?)";
    }
    String messages = messages(cause);
    if (find(cause, CertPathBuilderException.class) != null || messages.contains("unable to find valid certification path")) {
      return "the server's certificate is not trusted: it does not chain to "
          + (config.ca() != null ? "a CA in " + config.ca() : "a CA the JDK trusts")
          + " (give its CA with --tls-ca, or skip verification with --tls-insecure)";
    }
    if (messages.contains("No subject alternative") || messages.contains("No name matching")) {
      return "the server's certificate is not for " + verifiedName
          + " (give a name it carries with --tls-server-name, or connect with --host by that name)";
    }
    Matcher alert = ALERT.matcher(messages);
    if (alert.find()) {
      return forAlert((alert.group(1) != null ? alert.group(1) : alert.group(2)).toLowerCase(Locale.ROOT), config, asked);
    }
    if (find(cause, NotSslRecordException.class) != null || NOT_TLS.matcher(messages).find()) {
      return "the server did not answer in TLS (is it a plain-text port?)";
    }
    if (find(cause, ClosedChannelException.class) != null || messages.contains("closed")) {
      return "the server closed the connection during the handshake (a plain-text port, or a server that "
          + "needs a PROXY header first?)";
    }
    if (find(cause, SSLException.class) != null) {
      return innermost(cause);
    }
    return null;
  }

  private static String forAlert(String alert, ClientTlsConfig config, boolean asked) {
    if (alert.equals("certificate_required") || (asked && !config.hasCertificate())) {
      return "the server requires a client certificate (give --tls-cert and --tls-key) (alert " + alert + ")";
    }
    if (config.hasCertificate() && REJECTED_CERTIFICATE.contains(alert)) {
      return "the server did not accept the client certificate " + config.certificate() + " (alert " + alert + ")";
    }
    if (alert.equals("protocol_version")) {
      return "the server speaks none of the client's TLS versions (alert protocol_version)";
    }
    if (alert.equals("handshake_failure")) {
      return "the server refused the handshake: no cipher or version in common? (alert handshake_failure)";
    }
    return "the server ended the handshake with alert " + alert;
  }

  private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String messages(Throwable cause) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static String innermost(Throwable cause) {
    String message = cause.getMessage();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message != null ? message : cause.getClass().getSimpleName();
  }
}
