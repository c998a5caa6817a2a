package dev.berth.server.connection;

import dev.berth.config.Addresses;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who is at the other end of a connection: the client's address from a PROXY protocol header
 * where the listener takes one, else the connection's own remote address. Logs, the {@code info}
 * mode and the greeting's {@code {client}} all ask here.
 */
public final class Peer {

  private static final AttributeKey<Proxied> PROXIED = AttributeKey.valueOf(Peer.class, "proxied");

  /** The addresses a PROXY header gave: the client's, and the one it connected to at the load balancer. */
  private record Proxied(InetSocketAddress source, InetSocketAddress destination) {}

  private Peer() {}

  /** Records the client's addresses from a PROXY header. */
  public static void proxied(Channel channel, InetSocketAddress source, InetSocketAddress destination) {
    channel.attr(PROXIED).set(new Proxied(source, destination));
  }

  /** Whether the client's address came from a PROXY header. */
  public static boolean isProxied(Channel channel) {
    return channel.attr(PROXIED).get() != null;
  }

  /** The client's address: the PROXY source, or the connection's remote address. */
  public static SocketAddress client(Channel channel) {
    Proxied proxied = channel.attr(PROXIED).get();
    return proxied != null ? proxied.source() : channel.remoteAddress();
  }

  /** The address the client connected to at the load balancer, or {@code null} when not proxied. */
  public static InetSocketAddress proxiedDestination(Channel channel) {
    Proxied proxied = channel.attr(PROXIED).get();
    return proxied != null ? proxied.destination() : null;
  }

  /** {@code ip:port}, an IPv6 address in brackets and in RFC 5952's compressed form. */
  public static String format(SocketAddress address) {
    return address instanceof InetSocketAddress ? Addresses.format((InetSocketAddress) address) : String.valueOf(address);
  }
}
