package dev.berth.server.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a TLS connection's session says, for the {@code info} mode.
 *
 * @param version e.g. {@code TLSv1.3}
 * @param cipher e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param sni the host name the client asked for (SNI), or {@code null}
 * @param clientSubject the subject of the client's certificate (RFC 2253), or {@code null}
 */
public record TlsConnectionInfo(String version, String cipher, String sni, String clientSubject) {

  /** The TLS facts of {@code channel}, or {@code null} when it has no TLS or its handshake is not done. */
  public static TlsConnectionInfo of(Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
      return null;
    }
    SSLSession session = ssl.engine().getSession();
    return new TlsConnectionInfo(session.getProtocol(), session.getCipherSuite(), sni(session), clientSubject(session));
  }

  private static String sni(SSLSession session) {
    if (session instanceof ExtendedSSLSession) {
      for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
        if (name instanceof SNIHostName) {
          return ((SNIHostName) name).getAsciiName();
        }
      }
    }
    return null;
  }

  private static String clientSubject(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate
          ? ((X509Certificate) chain[0]).getSubjectX500Principal().getName()
          : null;
    } catch (SSLPeerUnverifiedException e) {
      return null; // no client certificate
    }
  }
}
