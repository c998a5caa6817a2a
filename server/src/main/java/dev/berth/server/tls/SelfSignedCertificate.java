package dev.berth.server.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate of {@code --tls-self-signed}: a fresh EC P-256 key and a certificate for
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the host name, made at start.
 *
 * <p>The JDK can make the key but has no public API to make an X.509 certificate (keytool does
 * it with internal classes), so Bouncy Castle's {@code bcpkix} writes the certificate; the JDK's
 * own providers make the key and the signature.
 */
final class SelfSignedCertificate {

  /** Before now, so that a client whose clock is a little behind does not see it as not yet valid. */
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final Duration VALIDITY = Duration.ofDays(365);

  private SelfSignedCertificate() {}

  static ServedCertificate make() {
    return make(names());
  }

  /** A certificate for {@code names}: DNS names and IP addresses. */
  static ServedCertificate make(List<String> names) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      // Most significant first, as certificates are written: "CN=localhost,O=berth self-signed" in RFC 2253.
      X500Name subject = new X500Name("O=berth self-signed,CN=" + names.get(0));
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          new BigInteger(127, new SecureRandom()), Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)),
          subject, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return new ServedCertificate(List.of(certificate), pair.getPrivate(), "self-signed");
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames subjectAltNames(List<String> names) {
    List<GeneralName> entries = new ArrayList<>();
    for (String name : names) {
      boolean address = name.contains(":") || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
      entries.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    return new GeneralNames(entries.toArray(GeneralName[]::new));
  }

  /** localhost, its addresses, and the host name where it has one. */
  static List<String> names() {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      // No host name to add: the three above still serve local clients.
    }
    return List.copyOf(names);
  }
}
