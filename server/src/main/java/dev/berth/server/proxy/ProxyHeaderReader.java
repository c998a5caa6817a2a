package dev.berth.server.proxy;

import dev.berth.config.ProxyProtocol;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.connection.ClientIdentified;
import dev.berth.server.connection.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header a load balancer sends first on a connection, and makes its
 * source the connection's client ({@link Peer}); then leaves the pipeline and passes on the bytes
 * after the header (the first message, or a TLS ClientHello).
 *
 * <pre>
 * v1:  | P R O X Y ␠ T C P 4 ␠ 203.0.113.7 ␠ 192.0.2.1 ␠ 56324 ␠ 443 \r \n |  (at most 107 bytes)
 * v2:  | 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A | ver/cmd | fam | len (2) | addresses, TLVs (len) |
 * </pre>
 *
 * <p>A header that is missing, malformed, of a version the listener does not take, or not
 * complete within {@link #HEADER_TIMEOUT}, is a {@link ProtocolException.Reason#PROXY_HEADER}
 * error: the lifecycle handler half-closes (FIN, never RST) and what still comes is dropped here.
 * Bytes that cannot begin a header are refused at once, byte by byte, without waiting for a
 * header's worth. A {@code LOCAL} header (a load balancer's health check) keeps the connection's
 * own address. The complete header is parsed by Netty's {@code HAProxyMessageDecoder} (see
 * {@link ProxyHeaders#parse}).
 */
public final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ProxyHeaderReader.class);

  /** How long a load balancer has to send the whole header. */
  public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);

  private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V2_PREFIX = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };
  /** A v1 header's longest form, CRLF included. */
  private static final int V1_MAX_BYTES = 107;
  /** A v2 header's fixed part: signature, version and command, family, length. */
  private static final int V2_FIXED_BYTES = 16;
  private static final int TOO_LONG = -1;
  private static final int BARE_LINE_FEED = -2;

  private boolean v1Possible;
  private boolean v2Possible;
  private ByteBuf header;
  private ScheduledFuture<?> timeout;
  private boolean failed;

  /** @param accepted the versions the listener takes: v1, v2 or any */
  public ProxyHeaderReader(ProxyProtocol accepted) {
    this.v1Possible = accepted == ProxyProtocol.V1 || accepted == ProxyProtocol.ANY;
    this.v2Possible = accepted == ProxyProtocol.V2 || accepted == ProxyProtocol.ANY;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    header = ctx.alloc().buffer(V1_MAX_BYTES);
    timeout = ctx.executor().schedule(
        () -> fail(ctx, "no complete PROXY header within " + HEADER_TIMEOUT.toSeconds() + " s"),
        HEADER_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    timeout.cancel(false);
    if (header != null) {
      header.release();
      header = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failed || !(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg); // refused: read on and drop until the peer closes
      return;
    }
    ByteBuf in = (ByteBuf) msg;
    try {
      int checked = header.readableBytes();
      header.writeBytes(in, Math.min(in.readableBytes(), V2_FIXED_BYTES + 0xFFFF - checked));
      String refusal = checkPrefix(checked);
      if (refusal != null) {
        fail(ctx, refusal);
        return;
      }
      int length = headerLength();
      if (length == 0) {
        return; // not all of it yet
      }
      if (length == TOO_LONG) {
        fail(ctx, "PROXY v1 header longer than " + V1_MAX_BYTES + " bytes");
        return;
      }
      if (length == BARE_LINE_FEED) {
        fail(ctx, "malformed PROXY v1 header: a line feed without a carriage return before it");
        return;
      }
      accept(ctx, length, in);
    } finally {
      in.release();
    }
  }

  /** Why the bytes from {@code from} on cannot begin a header the listener takes, or {@code null}. */
  private String checkPrefix(int from) {
    boolean v1Matched = v1Possible;
    boolean v2Matched = v2Possible;
    for (int i = from; i < header.writerIndex(); i++) {
      byte b = header.getByte(i);
      v1Possible &= i >= V1_PREFIX.length || b == V1_PREFIX[i];
      v2Possible &= i >= V2_PREFIX.length || b == V2_PREFIX[i];
    }
    if (v1Possible || v2Possible) {
      return null;
    }
    if (v1Matched != v2Matched && startsWith(v1Matched ? V2_PREFIX : V1_PREFIX)) {
      return (v1Matched ? "a PROXY v2 header" : "a PROXY v1 header") + " where this listener takes only "
          + (v1Matched ? "v1" : "v2");
    }
    return "not a PROXY protocol header (it starts with " + describe(header) + ")";
  }

  private boolean startsWith(byte[] prefix) {
    int n = Math.min(prefix.length, header.writerIndex());
    for (int i = 0; i < n; i++) {
      if (header.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The complete header's length; 0 while it is incomplete, {@link #TOO_LONG} for a v1 header
   * without its line end in 107 bytes, {@link #BARE_LINE_FEED} for one whose line ends in a lone
   * {@code \n} (a v1 header is one line, ended by {@code \r\n}).
   */
  private int headerLength() {
    if (v1Possible && header.writerIndex() >= V1_PREFIX.length) {
      int lf = header.indexOf(0, Math.min(header.writerIndex(), V1_MAX_BYTES), (byte) '\n');
      if (lf >= 0) {
        return header.getByte(lf - 1) == '\r' ? lf + 1 : BARE_LINE_FEED;
      }
      return header.writerIndex() >= V1_MAX_BYTES ? TOO_LONG : 0;
    }
    if (v2Possible && header.writerIndex() >= V2_FIXED_BYTES) {
      int length = V2_FIXED_BYTES + header.getUnsignedShort(14);
      return header.writerIndex() >= length ? length : 0;
    }
    return 0;
  }

  /** The header is complete: take its addresses, pass on what follows it, and step out of the way. */
  private void accept(ChannelHandlerContext ctx, int length, ByteBuf in) {
    timeout.cancel(false);
    HAProxyMessage message;
    try {
      message = ProxyHeaders.parse(header.readRetainedSlice(length));
    } catch (ProtocolException e) {
      fail(ctx, e.getMessage());
      return;
    }
    try {
      identify(ctx, message);
    } finally {
      message.release();
    }
    // What came after the header: the rest of this read that was copied, and the part not copied.
    ByteBuf after = header.readableBytes() > 0 || in.isReadable()
        ? ctx.alloc().buffer(header.readableBytes() + in.readableBytes()).writeBytes(header).writeBytes(in)
        : null;
    ctx.pipeline().remove(this);
    ctx.fireUserEventTriggered(ClientIdentified.INSTANCE);
    if (after != null) {
      ctx.fireChannelRead(after);
      ctx.fireChannelReadComplete();
    }
  }

  private static void identify(ChannelHandlerContext ctx, HAProxyMessage message) {
    if (message.command() == HAProxyCommand.LOCAL) {
      log.debug("PROXY header from {}: LOCAL (a health check), its own address kept", ctx.channel().remoteAddress());
      return;
    }
    InetSocketAddress source = address(message.sourceAddress(), message.sourcePort());
    InetSocketAddress destination = address(message.destinationAddress(), message.destinationPort());
    if (source == null) {
      log.debug("PROXY header from {}: {} addresses, its own address kept", ctx.channel().remoteAddress(),
          message.proxiedProtocol());
      return;
    }
    Peer.proxied(ctx.channel(), source, destination);
    log.debug("PROXY header from {}: client {}", ctx.channel().remoteAddress(), Peer.format(source));
  }

  /** An IP address and port from a header, or {@code null} for none (UNKNOWN, or a Unix socket path). */
  private static InetSocketAddress address(String ip, int port) {
    byte[] bytes = ip == null ? null : NetUtil.createByteArrayFromIpAddressString(ip);
    if (bytes == null) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    } catch (UnknownHostException e) {
      return null; // not for a byte array of an IP address's length
    }
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    if (failed) {
      return;
    }
    failed = true;
    timeout.cancel(false);
    ctx.fireExceptionCaught(new ProtocolException(ProtocolException.Reason.PROXY_HEADER, why));
  }

  /** The first bytes of {@code buf} for a log line: as text where printable, else in hex. */
  private static String describe(ByteBuf buf) {
    int n = Math.min(buf.writerIndex(), 8);
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < n; i++) {
      int b = buf.getByte(i) & 0xFF;
      if (b < 0x20 || b > 0x7E) {
        return "0x" + ByteBufUtil.hexDump(buf, 0, n);
      }
      text.append((char) b);
    }
    return text.append('"').toString();
  }
}
