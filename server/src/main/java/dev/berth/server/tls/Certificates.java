package dev.berth.server.tls;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** What logs say about a certificate. */
final class Certificates {

  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private Certificates() {}

  /**
   * One line: subject, names, expiry and fingerprint, e.g. {@code CN=example.com (DNS:example.com),
   * valid until 2026-05-01T12:00:00Z, SHA-256 AB:CD:...}.
   */
  static String describe(X509Certificate certificate) {
    List<String> names = subjectAltNames(certificate);
    return certificate.getSubjectX500Principal().getName()
        + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")")
        + ", valid until " + certificate.getNotAfter().toInstant()
        + ", SHA-256 " + sha256Fingerprint(certificate);
  }

  /** The SHA-256 fingerprint as OpenSSL prints it: {@code AB:CD:...}. */
  static String sha256Fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  /** The DNS names and IP addresses the certificate is for, as {@code DNS:name} and {@code IP:address}. */
  static List<String> subjectAltNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries == null) {
        return names;
      }
      for (List<?> entry : entries) {
        int type = (Integer) entry.get(0);
        String value = String.valueOf(entry.get(1));
        if (type == SAN_DNS) {
          names.add("DNS:" + value.toLowerCase(Locale.ROOT));
        } else if (type == SAN_IP) {
          InetAddress address = NetUtil.createInetAddressFromIpAddressString(value);
          names.add("IP:" + (address != null ? NetUtil.toAddressString(address) : value)); // ::1, as RFC 5952 writes it
        }
      }
    } catch (CertificateParsingException e) {
      names.add("unreadable subject alternative names");
    }
    return names;
  }
}
