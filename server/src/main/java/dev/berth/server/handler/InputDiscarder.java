package dev.berth.server.handler;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads and drops whatever a peer still sends once the server has stopped taking messages from
 * it. Reading on (instead of closing with unread input, which makes the kernel send RST) is what
 * lets the connection end with a FIN from each side.
 */
@ChannelHandler.Sharable
public final class InputDiscarder extends ChannelInboundHandlerAdapter {

  public static final InputDiscarder INSTANCE = new InputDiscarder();

  private InputDiscarder() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }
}
