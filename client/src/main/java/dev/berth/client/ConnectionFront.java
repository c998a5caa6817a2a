package dev.berth.client;

import dev.berth.client.tls.ClientSsl;
import dev.berth.config.ClientTlsConfig;
import dev.berth.config.ProxyHeaderConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import javax.net.ssl.SSLSession;

/**
 * What comes before the messages on a client connection, in this order on the wire: the PROXY
 * protocol header, then TLS. {@link #addTo} puts their handlers at the front of a new connection's
 * pipeline; {@link #ready} says when the connection can carry messages (connected, and with TLS,
 * the handshake done). Used by {@link BerthClient} and by every connection of the bench.
 */
public final class ConnectionFront {

  /** Writes the PROXY header's bytes; removed once it has. */
  public static final String PROXY_ENCODER = "proxy-encoder";
  /** Sends the PROXY header when the connection opens; removed once it has. */
  public static final String PROXY_HEADER = "proxy-header";
  /** The {@link SslHandler}. */
  public static final String TLS = "tls";
  /** Fails the TLS handshake at once when the server ends its side during it; removed after the handshake. */
  public static final String TLS_EOF = "tls-eof";

  private static final ConnectionFront NONE = new ConnectionFront(null, null);
  /** The write of a connection's PROXY header. */
  private static final AttributeKey<ChannelFuture> HEADER_SENT = AttributeKey.valueOf(ConnectionFront.class, "headerSent");

  private final ProxyHeaderConfig proxy;
  private final ClientSsl ssl;

  private ConnectionFront(ProxyHeaderConfig proxy, ClientSsl ssl) {
    this.proxy = proxy;
    this.ssl = ssl;
  }

  /**
   * The front of connections to {@code host:port}.
   *
   * @param tls TLS settings, or {@code null} for none
   * @param proxy the PROXY header, or {@code null} for none
   * @param handshakeTimeout a TLS handshake not done by then fails
   * @param fullHandshakes whether every connection makes a full TLS handshake (see {@link ClientSsl#create})
   * @throws dev.berth.config.ConfigException when a TLS file cannot be read
   */
  public static ConnectionFront of(ClientTlsConfig tls, ProxyHeaderConfig proxy, String host, int port,
      Duration handshakeTimeout, boolean fullHandshakes) {
    if (tls == null && proxy == null) {
      return NONE;
    }
    return new ConnectionFront(proxy, tls == null ? null : ClientSsl.create(tls, host, port, handshakeTimeout, fullHandshakes));
  }

  /** Adds the front's handlers to a new connection; call it first in the channel's initializer. */
  public void addTo(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (proxy != null) {
      ChannelPromise sent = channel.newPromise();
      channel.attr(HEADER_SENT).set(sent);
      pipeline.addLast(PROXY_ENCODER, HAProxyMessageEncoder.INSTANCE);
      pipeline.addLast(PROXY_HEADER, new ProxyHeaderSender(proxy, sent));
    }
    if (ssl != null) {
      pipeline.addLast(TLS, ssl.newHandler(channel.alloc()));
      pipeline.addLast(TLS_EOF, new HandshakeEofHandler());
    }
  }

  /**
   * Completes with the channel once {@code connect} succeeded, the PROXY header is written and,
   * with TLS, the handshake is done; fails with the connect failure, or a {@link
   * TlsHandshakeException} that says why the handshake failed (the channel is then closed).
   */
  public Future<Channel> ready(ChannelFuture connect) {
    Promise<Channel> ready = connect.channel().eventLoop().newPromise();
    connect.addListener((ChannelFuture connected) -> {
      if (!connected.isSuccess()) {
        ready.tryFailure(connected.cause());
        return;
      }
      ChannelFuture header = connected.channel().attr(HEADER_SENT).get();
      if (header == null) {
        afterHeader(connected.channel(), ready);
      } else {
        // The connect future completes before the channel is active, where the header is sent.
        header.addListener((ChannelFuture sent) -> {
          if (sent.isSuccess()) {
            afterHeader(sent.channel(), ready);
          } else {
            ready.tryFailure(sent.cause());
          }
        });
      }
    });
    return ready;
  }

  /** With TLS, completes {@code ready} when the handshake is done; without, at once. */
  private void afterHeader(Channel channel, Promise<Channel> ready) {
    SslHandler handler = ssl == null ? null : channel.pipeline().get(SslHandler.class);
    if (handler == null) {
      ready.trySuccess(channel);
      return;
    }
    handler.handshakeFuture().addListener(handshake -> {
      if (handshake.isSuccess()) {
        ready.trySuccess(channel);
      } else {
        Throwable cause = handshake.cause();
        String reason = ssl.describe(handler.engine(), cause);
        ready.tryFailure(new TlsHandshakeException(reason != null ? reason : ClientException.describe(cause),
            cause instanceof SslHandshakeTimeoutException, cause));
        channel.close();
      }
    });
  }

  /**
   * Why TLS failed on {@code channel} after its handshake (a server that rejects the client
   * certificate says so once the client has finished its part), or {@code null} when {@code
   * cause} is not about TLS.
   */
  public String describeTlsFailure(Channel channel, Throwable cause) {
    if (ssl == null) {
      return null;
    }
    SslHandler handler = channel.pipeline().get(SslHandler.class);
    return ssl.describe(handler != null ? handler.engine() : null, cause);
  }

  /** Whether nothing comes before the messages: no PROXY header, no TLS. */
  public boolean bare() {
    return proxy == null && ssl == null;
  }

  /** Whether connections speak TLS. */
  public boolean tls() {
    return ssl != null;
  }

  /** {@code OpenSSL} or {@code JDK}; {@code null} without TLS. */
  public String tlsProvider() {
    return ssl == null ? null : ssl.provider();
  }

  /** The TLS session of a connection that is {@link #ready}, or {@code null} without TLS. */
  public SSLSession session(Channel channel) {
    SslHandler handler = channel.pipeline().get(SslHandler.class);
    return handler == null ? null : handler.engine().getSession();
  }
}
