package dev.berth.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test, and certificates it issues: nothing secret is
 * committed, and each run has its own keys.
 */
final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A certificate with its key pair. */
  record Issued(X509Certificate certificate, KeyPair keys) {

    /** Writes the certificate (then {@code chain}) and the key, as PKCS#8 or in OpenSSL's traditional form. */
    void write(Path certificateFile, Path keyFile, boolean pkcs8, X509Certificate... chain) throws IOException {
      List<Object> certificates = new ArrayList<>(List.of(certificate));
      certificates.addAll(List.of(chain));
      Files.writeString(certificateFile, pem(certificates.toArray()));
      Files.writeString(keyFile, pem(pkcs8 ? new JcaPKCS8Generator(keys.getPrivate(), null) : traditional(keys)));
    }

    void write(Path certificateFile, Path keyFile) throws IOException {
      write(certificateFile, keyFile, true);
    }
  }

  private final Issued ca;

  /**
   * The key as OpenSSL writes it without -topk8: PKCS#1 for RSA; SEC 1 with its curve for EC (Bouncy
   * Castle's writer would leave the curve out, which OpenSSL never does).
   */
  private static Object traditional(KeyPair keys) throws IOException {
    if (!(keys.getPrivate() instanceof java.security.interfaces.ECPrivateKey)) {
      return keys.getPrivate();
    }
    java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) keys.getPrivate();
    SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    ECPrivateKey sec1 = new ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
        publicKey.getPublicKeyData(), publicKey.getAlgorithm().getParameters());
    return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
  }

  private TestPki(Issued ca) {
    this.ca = ca;
  }

  static TestPki create(String name) {
    KeyPair keys = ecKeys();
    X500Name subject = new X500Name("CN=" + name);
    try {
      X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(30));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new TestPki(new Issued(sign(builder, keys), keys));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  X509Certificate caCertificate() {
    return ca.certificate();
  }

  void writeCa(Path file) throws IOException {
    Files.writeString(file, pem(ca.certificate()));
  }

  /** A server certificate for localhost and 127.0.0.1, with an EC P-256 or an RSA 2048 key. */
  Issued server(boolean rsa) {
    return issue("CN=localhost", rsa ? rsaKeys() : ecKeys(), KeyPurposeId.id_kp_serverAuth, Duration.ofDays(30),
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
  }

  Issued client(String commonName) {
    // Written most significant first, so that the RFC 2253 form reads "CN=alice,O=berth tests".
    return issue("O=berth tests,CN=" + commonName, ecKeys(), KeyPurposeId.id_kp_clientAuth, Duration.ofDays(30));
  }

  private Issued issue(String subject, KeyPair keys, KeyPurposeId purpose, Duration validity, GeneralName... names) {
    try {
      X509v3CertificateBuilder builder = builder(new X500Name(ca.certificate().getSubjectX500Principal().getName()),
          new X500Name(subject), keys, validity);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (names.length > 0) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      return new Issued(sign(builder, ca.keys()), keys);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context that trusts this CA and, with {@code client}, shows that certificate. */
  SSLContext clientContext(Issued client) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = null;
    if (client != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", client.keys().getPrivate(), new char[0],
          new X509Certificate[] {client.certificate(), ca.certificate()});
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  static String pem(Object... objects) throws IOException {
    Writer text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    }
    return text.toString();
  }

  static byte[] pemBytes(Object... objects) throws IOException {
    return pem(objects).getBytes(StandardCharsets.US_ASCII);
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
    try {
      String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
