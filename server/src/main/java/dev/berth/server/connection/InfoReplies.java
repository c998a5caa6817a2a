package dev.berth.server.connection;

import dev.berth.server.json.Json;
import dev.berth.server.system.BerthVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The {@code info} mode: each message is answered with one JSON object, on one line, that says who
 * answered and what the server sees of the connection:
 *
 * <pre>{"instance":"web-1","version":"0.2.0","listener":"tcp-12345","connection":7,
 *  "client":"203.0.113.7:56324","server":"10.0.0.5:12345","proxied":true,
 *  "proxy_destination":"192.0.2.1:443","tls":{"version":"TLSv1.3","cipher":"TLS_AES_128_GCM_SHA256",
 *  "sni":"echo.example","client_subject":null},"messages":1,"message":"hello"}</pre>
 *
 * <p>{@code client} is the PROXY source where there is one; {@code server} stays the connection's
 * own local address. {@code message} is the message as text, invalid UTF-8 replaced.
 */
public final class InfoReplies implements Replies {

  /** Connection numbers, unique in the process. */
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final String prefix;
  private final long connection = CONNECTIONS.incrementAndGet();

  /** The replies of one connection of {@code listener}. */
  public InfoReplies(String instanceId, String listener) {
    this.prefix = "{\"instance\":" + Json.string(instanceId) + ",\"version\":" + Json.string(BerthVersion.get())
        + ",\"listener\":" + Json.string(listener) + ",\"connection\":";
  }

  @Override
  public ByteBuf reply(ChannelHandlerContext ctx, ByteBuf message, long number) {
    String text = textOf(message);
    Channel channel = ctx.channel();
    StringBuilder json = new StringBuilder(prefix).append(connection)
        .append(",\"client\":").append(Json.string(Peer.format(Peer.client(channel))))
        .append(",\"server\":").append(Json.string(Peer.format(channel.localAddress())))
        .append(",\"proxied\":").append(Peer.isProxied(channel));
    if (Peer.isProxied(channel) && Peer.proxiedDestination(channel) != null) {
      json.append(",\"proxy_destination\":").append(Json.string(Peer.format(Peer.proxiedDestination(channel))));
    }
    json.append(",\"tls\":").append(tls(channel))
        .append(",\"messages\":").append(number)
        .append(",\"message\":").append(Json.string(text)).append('}');
    return ByteBufUtil.writeUtf8(ctx.alloc(), json);
  }

  /**
   * The reply to a UDP datagram: as for a connection, but {@code connection} and {@code messages}
   * are {@code null} (a datagram belongs to none) and {@code protocol} is {@code "udp"}.
   */
  public static ByteBuf datagramReply(ChannelHandlerContext ctx, String instanceId, String listener,
      SocketAddress sender, ByteBuf message) {
    String text = textOf(message);
    String json = "{\"instance\":" + Json.string(instanceId) + ",\"version\":" + Json.string(BerthVersion.get())
        + ",\"listener\":" + Json.string(listener) + ",\"protocol\":\"udp\",\"connection\":null"
        + ",\"client\":" + Json.string(Peer.format(sender))
        + ",\"server\":" + Json.string(Peer.format(ctx.channel().localAddress()))
        + ",\"proxied\":false,\"tls\":null,\"messages\":null,\"message\":" + Json.string(text) + "}";
    return ByteBufUtil.writeUtf8(ctx.alloc(), json);
  }

  /** The message as text, invalid UTF-8 replaced; releases it. */
  private static String textOf(ByteBuf message) {
    try {
      return message.toString(StandardCharsets.UTF_8);
    } finally {
      message.release();
    }
  }

  /** The TLS session of the connection as JSON, or {@code null} when it is plain. */
  private static String tls(Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return "null";
    }
    SSLSession session = ssl.engine().getSession();
    return "{\"version\":" + Json.string(session.getProtocol())
        + ",\"cipher\":" + Json.string(session.getCipherSuite())
        + ",\"sni\":" + Json.string(sni(session))
        + ",\"client_subject\":" + Json.string(clientSubject(session)) + "}";
  }

  private static String sni(SSLSession session) {
    if (session instanceof ExtendedSSLSession) {
      for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
        if (name instanceof SNIHostName) {
          return ((SNIHostName) name).getAsciiName();
        }
      }
    }
    return null;
  }

  private static String clientSubject(SSLSession session) {
    try {
      return session.getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return null; // no client certificate
    }
  }
}
