package dev.berth.server.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate chain berth serves, leaf first, and the leaf's private key.
 *
 * @param origin where it came from, for logs: a file name, or "self-signed"
 */
record ServedCertificate(List<X509Certificate> chain, PrivateKey key, String origin) {

  ServedCertificate {
    chain = List.copyOf(chain);
  }

  X509Certificate leaf() {
    return chain.get(0);
  }

  /**
   * Whether {@link #key} belongs to the leaf: a signature made with it verifies with the leaf's
   * public key. True for a key type this cannot test; the TLS context then finds out.
   */
  boolean keyMatchesLeaf() {
    String algorithm = signatureAlgorithm(key.getAlgorithm());
    if (algorithm == null) {
      return true;
    }
    byte[] probe = "berth key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf().getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an RSA key with an EC certificate: initVerify refuses the other kind
    }
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    switch (keyAlgorithm) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
        return "SHA256withECDSA";
      case "Ed25519":
      case "EdDSA":
        return "Ed25519";
      default:
        return null;
    }
  }
}
