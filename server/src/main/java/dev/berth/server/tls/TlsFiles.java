package dev.berth.server.tls;

import dev.berth.config.ConfigException;
import dev.berth.config.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a TLS configuration names: the certificate chain and its key ({@code --tls-cert},
 * {@code --tls-key}) and the CA bundle of client certificates ({@code --tls-client-ca}). They are
 * read at start and again on each reload, each time whole and once, so that what is parsed is what
 * {@link Contents#digest() the digest} describes.
 */
final class TlsFiles {

  static final String CERT = "tls-cert";
  static final String KEY = "tls-key";
  static final String CLIENT_CA = "tls-client-ca";

  /**
   * What the files hold.
   *
   * @param served the chain and key, or {@code null} when there are no such files (self-signed)
   * @param clientCas the CAs client certificates must chain to; empty without {@code --tls-client-ca}
   * @param digest a digest of every file's bytes: equal digests, same files
   */
  record Contents(ServedCertificate served, List<X509Certificate> clientCas, String digest) {}

  private final TlsConfig config;

  TlsFiles(TlsConfig config) {
    this.config = config;
  }

  /** The files, as configured (a symbolic link is not resolved: certbot's live/ names are links). */
  List<Path> paths() {
    return List.copyOf(byOption().values());
  }

  private Map<String, Path> byOption() {
    Map<String, Path> files = new LinkedHashMap<>();
    if (config.certificate() != null) {
      files.put(CERT, config.certificate());
      files.put(KEY, config.key());
    }
    if (config.clientCa() != null) {
      files.put(CLIENT_CA, config.clientCa());
    }
    return files;
  }

  /** Reads and checks every file; a {@link ConfigException} names the first one that is wrong and why. */
  Contents read() {
    MessageDigest digest = sha256();
    ServedCertificate served = null;
    if (config.certificate() != null) {
      byte[] chainPem = readInto(digest, CERT, config.certificate());
      byte[] keyPem = readInto(digest, KEY, config.key());
      List<X509Certificate> chain = PemFiles.certificates(CERT, config.certificate(), chainPem);
      PrivateKey key = PemFiles.privateKey(KEY, config.key(), keyPem);
      served = new ServedCertificate(chain, key, config.certificate().toString());
      if (!served.keyMatchesLeaf()) {
        throw PemFiles.invalid(KEY, config.key(), "does not belong to the certificate in " + config.certificate()
            + " (the first certificate of the file must be the one for this key)");
      }
    }
    List<X509Certificate> clientCas = List.of();
    if (config.clientCa() != null) {
      clientCas = PemFiles.certificates(CLIENT_CA, config.clientCa(), readInto(digest, CLIENT_CA, config.clientCa()));
    }
    return new Contents(served, clientCas, HexFormat.of().formatHex(digest.digest()));
  }

  /**
   * The digest of the files as they are now, without parsing them; when one cannot be read, a
   * value that differs from every digest of readable files, so that a reload reports why.
   */
  String digest() {
    try {
      MessageDigest digest = sha256();
      byOption().forEach((option, path) -> readInto(digest, option, path));
      return HexFormat.of().formatHex(digest.digest());
    } catch (ConfigException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private static byte[] readInto(MessageDigest digest, String option, Path file) {
    byte[] bytes = PemFiles.read(option, file);
    digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
    digest.update(bytes);
    return bytes;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
