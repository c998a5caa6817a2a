package dev.berth.client;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for a test, in its temporary folder (never committed): a CA, certificates
 * it issues for servers and clients, and PEM files of each. EC P-256 keys, which are quick to make.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate, its key, and where both are written as PEM (the key as PKCS#8). */
  public record Issued(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {}

  private final Path folder;
  private final String name;
  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final Path caFile;

  private TestPki(Path folder, String name) throws GeneralSecurityException, IOException {
    this.folder = folder;
    this.name = name;
    this.caKeys = newKeys();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = builder(subject, subject, caKeys, Duration.ofDays(1), Duration.ZERO);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.ca = sign(builder, caKeys.getPrivate());
    this.caFile = folder.resolve(name.replace(' ', '-') + ".pem");
    writePem(caFile, ca);
  }

  /** A new CA named {@code name} whose files go into {@code folder}. */
  public static TestPki create(Path folder, String name) {
    try {
      return new TestPki(folder, name);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  /** The CA's certificate as a PEM file: what {@code --tls-ca} takes. */
  public Path caFile() {
    return caFile;
  }

  public X509Certificate ca() {
    return ca;
  }

  /** A server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
  public Issued server(String fileName) {
    return issue(fileName, "localhost", Duration.ofDays(1), Duration.ZERO, true, "localhost", "127.0.0.1", "::1");
  }

  /** A server certificate for other names only. */
  public Issued serverFor(String fileName, String... names) {
    return issue(fileName, names[0], Duration.ofDays(1), Duration.ZERO, true, names);
  }

  /** A server certificate for localhost whose validity ended a day ago. */
  public Issued expiredServer(String fileName) {
    return issue(fileName, "localhost", Duration.ofDays(-1), Duration.ofDays(2), true, "localhost", "127.0.0.1", "::1");
  }

  /** A client certificate whose subject is {@code CN=commonName}. */
  public Issued client(String fileName, String commonName) {
    return issue(fileName, commonName, Duration.ofDays(1), Duration.ZERO, false);
  }

  private Issued issue(String fileName, String commonName, Duration validFor, Duration startedAgo, boolean server,
      String... names) {
    try {
      KeyPair keys = newKeys();
      X509v3CertificateBuilder builder =
          builder(new X500Name("CN=" + name), new X500Name("CN=" + commonName), keys, validFor, startedAgo);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      if (names.length > 0) {
        List<GeneralName> alternatives = new ArrayList<>();
        for (String alternative : names) {
          boolean ip = NetUtil.isValidIpV4Address(alternative) || NetUtil.isValidIpV6Address(alternative);
          alternatives.add(ip
              ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(alternative).getHostAddress())
              : new GeneralName(GeneralName.dNSName, alternative));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(alternatives.toArray(GeneralName[]::new)));
      }
      X509Certificate certificate = sign(builder, caKeys.getPrivate());
      Path certificateFile = folder.resolve(fileName + ".pem");
      Path keyFile = folder.resolve(fileName + ".key");
      writePem(certificateFile, certificate);
      writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null));
      return new Issued(certificate, keys.getPrivate(), certificateFile, keyFile);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validFor,
      Duration startedAgo) {
    Instant now = Instant.now();
    Instant notBefore = now.minus(Duration.ofHours(1)).minus(startedAgo);
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(notBefore), Date.from(now.plus(validFor)), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static void writePem(Path file, Object object) throws IOException {
    try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(object);
    }
  }
}
