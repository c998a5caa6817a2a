package dev.berth.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The TLS front of a {@link TestServer}: an SslHandler on each connection, and what the server saw
 * of each handshake (the SNI name, the client certificate, whether it was a full handshake).
 */
public final class TlsFront implements Consumer<SocketChannel> {

  private final SslContext context;
  private final AtomicInteger fullHandshakes = new AtomicInteger();
  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicInteger resumed = new AtomicInteger();
  /** The connections whose handshake chose the certificate: full ones. */
  private final Set<SSLEngine> full = ConcurrentHashMap.newKeySet();
  private final List<String> serverNames = new CopyOnWriteArrayList<>();
  private final List<String> clientSubjects = new CopyOnWriteArrayList<>();

  private TlsFront(TestPki.Issued server, SslProvider provider, X509Certificate clientCa, String... protocols) {
    try {
      SslContextBuilder builder = SslContextBuilder.forServer(new CountingKeyManager(server, fullHandshakes, full))
          .sslProvider(provider);
      if (protocols.length > 0) {
        builder.protocols(protocols);
      }
      if (clientCa != null) {
        builder.trustManager(clientCa).clientAuth(ClientAuth.REQUIRE);
      }
      this.context = builder.build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the test server's TLS context", e);
    }
  }

  /** TLS with {@code server}'s certificate, by the JDK's TLS, which resumes sessions by default. */
  public static TlsFront of(TestPki.Issued server) {
    return new TlsFront(server, SslProvider.JDK, null);
  }

  /** TLS with {@code server}'s certificate by {@code provider}, in the given TLS versions (none: all). */
  public static TlsFront of(TestPki.Issued server, SslProvider provider, String... protocols) {
    return new TlsFront(server, provider, null, protocols);
  }

  /** The same, requiring a client certificate issued by {@code clientCa}, in the given TLS versions (none: all). */
  public static TlsFront requiringClientCertificates(TestPki.Issued server, X509Certificate clientCa,
      String... protocols) {
    return new TlsFront(server, SslProvider.JDK, clientCa, protocols);
  }

  @Override
  public void accept(SocketChannel channel) {
    SslHandler handler = context.newHandler(channel.alloc());
    channel.pipeline().addLast(handler, new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent && ((SslHandshakeCompletionEvent) evt).isSuccess()) {
          handshakes.incrementAndGet();
          if (!full.remove(handler.engine())) {
            resumed.incrementAndGet();
          }
          ExtendedSSLSession session = (ExtendedSSLSession) handler.engine().getSession();
          for (SNIServerName name : session.getRequestedServerNames()) {
            serverNames.add(((SNIHostName) name).getAsciiName());
          }
          try {
            clientSubjects.add(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
          } catch (SSLPeerUnverifiedException e) {
            // No client certificate: nothing to note.
          }
        }
        ctx.fireUserEventTriggered(evt);
      }
    });
  }

  /** Handshakes that succeeded. */
  public int handshakes() {
    return handshakes.get();
  }

  /** Handshakes for which the server chose its certificate: full ones, not resumed. */
  public int fullHandshakes() {
    return fullHandshakes.get();
  }

  /** Handshakes that succeeded without choosing the certificate: resumed sessions. */
  public int resumedHandshakes() {
    return resumed.get();
  }

  /** The SNI names clients sent, one per handshake that carried one. */
  public List<String> serverNames() {
    return serverNames;
  }

  /** The subjects of the client certificates the server accepted. */
  public List<String> clientSubjects() {
    return clientSubjects;
  }

  /** The server's key manager, counting each time it is asked for its certificate: once per full handshake. */
  private static final class CountingKeyManager extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;
    private final AtomicInteger count;
    private final Set<SSLEngine> engines;

    CountingKeyManager(TestPki.Issued server, AtomicInteger count, Set<SSLEngine> engines) throws Exception {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", server.key(), new char[0], new X509Certificate[] {server.certificate()});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, new char[0]);
      this.keys = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
      this.count = count;
      this.engines = engines;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      String alias = keys.chooseEngineServerAlias(keyType, issuers, engine);
      if (alias != null) {
        count.incrementAndGet();
        engines.add(engine);
      }
      return alias;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return keys.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }
}
