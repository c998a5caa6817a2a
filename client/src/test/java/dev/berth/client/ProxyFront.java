package dev.berth.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The front of a {@link TestServer} that expects a PROXY protocol header (either version) on each
 * connection, decoded by Netty's {@link HAProxyMessageDecoder}, and keeps what each header said;
 * {@code then} adds what follows it (TLS, say).
 */
public final class ProxyFront implements Consumer<SocketChannel> {

  /** What one header said. */
  public record Header(HAProxyProtocolVersion version, HAProxyProxiedProtocol protocol, String source,
      int sourcePort, String destination, int destinationPort) {}

  private final Consumer<SocketChannel> then;
  private final List<Header> headers = new CopyOnWriteArrayList<>();

  public ProxyFront(Consumer<SocketChannel> then) {
    this.then = then;
  }

  public ProxyFront() {
    this(channel -> {});
  }

  @Override
  public void accept(SocketChannel channel) {
    channel.pipeline().addLast(new HAProxyMessageDecoder(), new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage) {
          HAProxyMessage header = (HAProxyMessage) msg;
          headers.add(new Header(header.protocolVersion(), header.proxiedProtocol(), header.sourceAddress(),
              header.sourcePort(), header.destinationAddress(), header.destinationPort()));
          header.release();
          ctx.pipeline().remove(this);
        } else {
          ctx.fireChannelRead(msg);
        }
      }
    });
    then.accept(channel);
  }

  /** The headers received, in order. */
  public List<Header> headers() {
    return headers;
  }
}
