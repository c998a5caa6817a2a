package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.TlsClientAuth;
import dev.berth.config.TlsConfig;
import dev.berth.config.TlsProvider;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

  @Test
  void isAnEcP256CertificateForLocalhostItsAddressesAndTheHostName() throws Exception {
    ServedCertificate served = SelfSignedCertificate.make();
    X509Certificate certificate = served.leaf();
    assertThat(certificate.getPublicKey()).isInstanceOfSatisfying(ECPublicKey.class,
        key -> assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256));
    assertThat(Certificates.subjectAltNames(certificate))
        .startsWith("DNS:localhost", "IP:127.0.0.1", "IP:::1")
        .contains("DNS:" + SelfSignedCertificate.names().get(SelfSignedCertificate.names().size() - 1));
    assertThat(served.keyMatchesLeaf()).isTrue();
    certificate.checkValidity();
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
  }

  @Test
  void aClientThatTrustsItVerifiesLocalhostAnd127001() throws Exception {
    TlsConfig config = new TlsConfig(null, null, true, null, TlsClientAuth.NONE, List.of("TLSv1.3", "TLSv1.2"),
        Duration.ofSeconds(10), TlsProvider.AUTO);
    try (ServerTls tls = ServerTls.create(config); TlsEchoServer server = new TlsEchoServer(tls)) {
      X509Certificate served = tls.certificate();
      SSLContext trusting = trusting(served);
      for (String host : List.of("localhost", "127.0.0.1")) {
        try (TlsTestClient client = new TlsTestClient(trusting, server.port(), host)) {
          assertThat(client.exchange("hello")).isEqualTo("hello");
          assertThat(client.serverCertificate()).isEqualTo(served);
        }
      }
      assertThat(tls.reload()).as("nothing to read again").isTrue();
      assertThat(tls.reloads(true) + tls.reloads(false)).isZero();
    }
  }

  private static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("self-signed", certificate);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }
}
