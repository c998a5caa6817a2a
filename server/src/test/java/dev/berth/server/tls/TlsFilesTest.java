package dev.berth.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ConfigException;
import dev.berth.config.TlsClientAuth;
import dev.berth.config.TlsConfig;
import dev.berth.config.TlsProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a certificate, key or CA file can be wrong is one line naming the option, the file and why. */
class TlsFilesTest {

  private static final TestPki PKI = TestPki.create("berth files CA");

  @TempDir
  Path dir;
  private Path cert;
  private Path key;
  private TestPki.Issued issued;

  @BeforeEach
  void writePair() throws IOException {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    issued = PKI.server(false);
    issued.write(cert, key, true, PKI.caCertificate());
  }

  @Test
  void readsTheChainInFileOrderAndTheKey() {
    TlsFiles.Contents contents = files(cert, key, null).read();
    assertThat(contents.served().chain()).containsExactly(issued.certificate(), PKI.caCertificate());
    assertThat(contents.served().key()).isEqualTo(issued.keys().getPrivate());
    assertThat(contents.clientCas()).isEmpty();
  }

  @Test
  void takesKeysInOpenSslsTraditionalFormsToo() throws IOException {
    for (boolean rsa : new boolean[] {false, true}) {
      TestPki.Issued traditional = PKI.server(rsa);
      traditional.write(cert, key, false);
      assertThat(Files.readString(key)).startsWith(rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");
      assertThat(files(cert, key, null).read().served().keyMatchesLeaf()).isTrue();
    }
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("missing.pem");
    assertError(files(missing, key, null), "tls-cert: " + missing + ": no such file");
    assertError(files(cert, missing, null), "tls-key: " + missing + ": no such file");
    assertError(files(cert, key, missing), "tls-client-ca: " + missing + ": no such file");
  }

  @Test
  void aFileWithoutWhatItShouldHoldSaysWhatWasExpected() {
    assertError(files(key, key, null), "tls-cert: " + key
        + ": no PEM certificate in it (expected: -----BEGIN CERTIFICATE-----)");
    assertError(files(cert, cert, null), "tls-key: " + cert
        + ": no private key in it (expected: -----BEGIN PRIVATE KEY-----)");
    assertError(files(cert, key, key), "tls-client-ca: " + key
        + ": no PEM certificate in it (expected: -----BEGIN CERTIFICATE-----)");
  }

  @Test
  void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
    Files.writeString(key, TestPki.pem(new JcaPKCS8Generator(issued.keys().getPrivate(),
        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build())));
    assertError(files(cert, key, null), "tls-key: " + key + ": the key is encrypted (write it unencrypted: openssl pkey -in "
        + key + " -out key.pem, and keep that file readable by berth only)");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws IOException {
    PKI.server(false).write(dir.resolve("other.pem"), key);
    assertError(files(cert, key, null), "tls-key: " + key + ": does not belong to the certificate in " + cert
        + " (the first certificate of the file must be the one for this key)");
  }

  @Test
  void twoKeysInOneFileAreRefused() throws IOException {
    Files.writeString(key, Files.readString(key) + TestPki.pem(new JcaPKCS8Generator(TestPki.ecKeys().getPrivate(), null)));
    assertError(files(cert, key, null), "tls-key: " + key + ": more than one private key in it");
  }

  @Test
  void aHugeFileIsNotRead() throws IOException {
    Files.write(cert, new byte[PemFiles.MAX_FILE_SIZE + 1]);
    assertError(files(cert, key, null), "tls-cert: " + cert + ": larger than 1 MiB: not a PEM file");
  }

  @Test
  void theDigestChangesWithTheContentOnly() throws IOException {
    TlsFiles files = files(cert, key, null);
    String before = files.digest();
    assertThat(files.read().digest()).isEqualTo(before);
    assertThat(files.digest()).isEqualTo(before);
    PKI.server(false).write(cert, key);
    assertThat(files.digest()).isNotEqualTo(before);
    Files.delete(cert);
    assertThat(files.digest()).startsWith("unreadable: tls-cert: " + cert + ": no such file");
  }

  @Test
  void aBadFileAtStartIsAConfigurationError() {
    Path missing = dir.resolve("missing.pem");
    TlsConfig config = new TlsConfig(missing, key, false, null, TlsClientAuth.NONE, List.of("TLSv1.3"),
        Duration.ofSeconds(10), TlsProvider.JDK);
    assertThatThrownBy(() -> ServerTls.create(config)).isInstanceOf(ConfigException.class)
        .hasMessage("tls-cert: " + missing + ": no such file");
  }

  private static TlsFiles files(Path cert, Path key, Path clientCa) {
    return new TlsFiles(new TlsConfig(cert, key, false, clientCa,
        clientCa == null ? TlsClientAuth.NONE : TlsClientAuth.REQUIRE, List.of("TLSv1.3"), Duration.ofSeconds(10),
        TlsProvider.JDK));
  }

  private static void assertError(TlsFiles files, String message) {
    assertThatThrownBy(files::read).isInstanceOf(ConfigException.class).hasMessage(message);
  }
}
