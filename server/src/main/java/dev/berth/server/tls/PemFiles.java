package dev.berth.server.tls;

import dev.berth.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files: certificates, and a private key in any of the forms OpenSSL writes (PKCS#8
 * {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, SEC 1 {@code EC PRIVATE KEY}). Every error
 * is a {@link ConfigException} naming the option and the file, e.g. {@code tls-key:
 * /etc/berth/key.pem: no private key in it}.
 *
 * <p>Bouncy Castle parses the PEM and the key structures; the keys and certificates it returns
 * are the JDK's own (its JCA provider is not installed).
 */
final class PemFiles {

  /** Far above any certificate chain or key; a larger file is something else (a disk, /dev/zero). */
  static final int MAX_FILE_SIZE = 1 << 20;

  private PemFiles() {}

  /** The bytes of {@code file}, read once so that what is parsed is what is fingerprinted. */
  static byte[] read(String option, Path file) {
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw invalid(option, file, "larger than 1 MiB: not a PEM file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw invalid(option, file, "no such file");
    } catch (AccessDeniedException e) {
      throw invalid(option, file, "permission denied");
    } catch (IOException e) {
      throw invalid(option, file, "cannot read: " + e.getMessage());
    }
  }

  /** Every certificate in {@code pem}, in file order; at least one. */
  static List<X509Certificate> certificates(String option, Path file, byte[] pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = parser(pem)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder) {
          certificates.add(converter.getCertificate((X509CertificateHolder) object));
        }
      }
    } catch (IOException | CertificateException e) {
      throw invalid(option, file, "not valid PEM: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw invalid(option, file, "no PEM certificate in it (expected: -----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** The one private key in {@code pem}. */
  static PrivateKey privateKey(String option, Path file, byte[] pem) {
    PrivateKeyInfo key = null;
    try (PEMParser parser = parser(pem)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        PrivateKeyInfo found = keyInfo(option, file, object);
        if (found != null && key != null) {
          throw invalid(option, file, "more than one private key in it");
        }
        key = found != null ? found : key;
      }
      if (key == null) {
        throw invalid(option, file, "no private key in it (expected: -----BEGIN PRIVATE KEY-----)");
      }
      return new JcaPEMKeyConverter().getPrivateKey(key);
    } catch (IOException e) {
      throw invalid(option, file, "not a valid private key: " + e.getMessage());
    }
  }

  private static PrivateKeyInfo keyInfo(String option, Path file, Object object) {
    if (object instanceof PrivateKeyInfo) {
      return (PrivateKeyInfo) object;
    }
    if (object instanceof PEMKeyPair) {
      return ((PEMKeyPair) object).getPrivateKeyInfo();
    }
    if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
      throw invalid(option, file, "the key is encrypted (write it unencrypted: openssl pkey -in "
          + file + " -out key.pem, and keep that file readable by berth only)");
    }
    return null;
  }

  private static PEMParser parser(byte[] pem) {
    InputStream in = new ByteArrayInputStream(pem);
    return new PEMParser(new InputStreamReader(in, StandardCharsets.US_ASCII));
  }

  static ConfigException invalid(String option, Path file, String why) {
    return ConfigException.invalid(option, file + ": " + why);
  }
}
