package dev.berth.client;

import dev.berth.config.ProxyHeaderConfig;
import dev.berth.config.ProxyProtocol;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Sends a PROXY protocol header as the first bytes of a connection, made from its addresses (or
 * the configured source), as a load balancer does, then steps out of the pipeline. It sits at the
 * front, so the header goes out before anything else, a TLS ClientHello included; Netty's {@code
 * HAProxyMessageEncoder}, in front of it, writes the bytes.
 *
 * <p>Both addresses of a header are of one family: when one is IPv6 (a {@code --proxy-source} of
 * {@code [2001:db8::7]:80} on an IPv4 connection, say), the IPv4 one is written IPv4-mapped
 * ({@code ::ffff:127.0.0.1}) in a TCP6 header.
 */
final class ProxyHeaderSender extends ChannelInboundHandlerAdapter {

  private final ProxyHeaderConfig config;
  private final ChannelPromise sent;

  /** @param sent completed once the header is written (failed when it cannot be) */
  ProxyHeaderSender(ProxyHeaderConfig config, ChannelPromise sent) {
    this.config = config;
    this.sent = sent;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    InetAddress source = config.source() != null ? config.source().address() : local.getAddress();
    int sourcePort = config.source() != null ? config.source().port() : local.getPort();
    // Flushed on its own: a connection that sends nothing yet (a probe, a --send-delay) still has its header.
    ctx.writeAndFlush(header(config.version(), source, sourcePort, remote.getAddress(), remote.getPort()), sent);
    ctx.pipeline().remove(ConnectionFront.PROXY_ENCODER);
    ctx.pipeline().remove(this);
    ctx.fireChannelActive();
  }

  /** The header claiming a connection from {@code source} to {@code destination}. */
  static HAProxyMessage header(ProxyProtocol version, InetAddress source, int sourcePort, InetAddress destination,
      int destinationPort) {
    boolean ipv4 = source instanceof Inet4Address && destination instanceof Inet4Address;
    return new HAProxyMessage(
        version == ProxyProtocol.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
        HAProxyCommand.PROXY,
        ipv4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
        text(source, ipv4), text(destination, ipv4), sourcePort, destinationPort);
  }

  private static String text(InetAddress address, boolean ipv4) {
    String text = NetUtil.toAddressString(address);
    return ipv4 || !(address instanceof Inet4Address) ? text : "::ffff:" + text;
  }
}
