package dev.berth.client.bench;

import dev.berth.client.ClientException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.net.PortUnreachableException;
import java.util.concurrent.TimeUnit;

/**
 * Before a UDP load: a few datagrams to the server, so that a port nothing listens on (the host
 * answers with ICMP port unreachable) is one clear error rather than a run of refusals. A reply
 * ends it, and so does the timeout: a server that drops datagrams or never answers is measured,
 * and the report says what came back.
 */
final class DatagramProbe {

  private static final int ATTEMPTS = 10;

  private DatagramProbe() {}

  /** @throws ClientException when the server's port is unreachable */
  static void check(BenchRun run, EventLoopGroup group, String target) {
    Promise<Void> answered = group.next().newPromise();
    Channel channel = run.transport.datagramBootstrap(group, run.template.length() + 1)
        .handler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            answered.trySuccess(null);
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answered.tryFailure(cause);
          }
        })
        .connect(run.address).syncUninterruptibly().channel();
    try {
      long wait = Math.max(1, run.config.timeout().toNanos() / ATTEMPTS);
      for (int i = 0; i < ATTEMPTS && !answered.isDone(); i++) {
        channel.writeAndFlush(run.template.newFrame(channel.alloc(), i));
        answered.awaitUninterruptibly(wait, TimeUnit.NANOSECONDS);
      }
      if (answered.cause() instanceof PortUnreachableException) {
        throw new ClientException(ClientException.Kind.REFUSED, "cannot reach " + target
            + " over UDP: port unreachable (nothing listens on that UDP port)", answered.cause());
      }
    } finally {
      channel.close().syncUninterruptibly();
    }
  }
}
