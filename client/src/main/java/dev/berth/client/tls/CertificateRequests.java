package dev.berth.client.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key manager of a client without a certificate: it has none to give, and notes each
 * connection whose server asked for one. In TLS 1.2 a server that requires a client certificate
 * ends the handshake with a bare {@code handshake_failure}; knowing that it asked turns that into
 * "the server requires a client certificate". Both providers call it with the connection's engine.
 */
final class CertificateRequests extends X509ExtendedKeyManager {

  private final Set<SSLEngine> asked = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /** Whether the server of {@code engine}'s connection asked for a client certificate. */
  boolean askedBy(SSLEngine engine) {
    return asked.contains(engine);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    asked.add(engine);
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return null;
  }
}
