package dev.berth.client.bench;

import javax.net.ssl.SSLSession;

/**
 * What TLS a bench run spoke, as the first connection's handshake (the probe before the load)
 * agreed it. Every connection of the run makes a full handshake: no session is resumed.
 *
 * @param version e.g. {@code TLSv1.3}
 * @param cipher e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param provider {@code OpenSSL} or {@code JDK}
 */
public record TlsSummary(String version, String cipher, String provider) {

  static TlsSummary of(SSLSession session, String provider) {
    return new TlsSummary(session.getProtocol(), session.getCipherSuite(), provider);
  }

  /** {@code TLSv1.3 TLS_AES_128_GCM_SHA256 (OpenSSL)}. */
  @Override
  public String toString() {
    return version + " " + cipher + " (" + provider + ")";
  }
}
