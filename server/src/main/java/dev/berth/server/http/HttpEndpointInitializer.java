package dev.berth.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a connection to the HTTP endpoint. Its limits are small because the only
 * requests it serves are bodiless GETs: a bigger request line or header is answered with an
 * error, a body over the limit with 413, and a connection silent for a minute is closed.
 *
 * <pre>
 * idle        fires an idle event after a minute without traffic
 * codec       bytes ↔ HTTP/1.1 messages
 * aggregator  one request object per request
 * keep-alive  Connection: keep-alive / close
 * endpoint    /metrics, /healthz, /readyz
 * </pre>
 */
final class HttpEndpointInitializer extends ChannelInitializer<Channel> {

  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_SIZE = 8192;
  private static final int MAX_CONTENT = 4096;
  private static final long IDLE_SECONDS = 60;

  private final HttpEndpointHandler handler;

  HttpEndpointInitializer(HttpEndpointHandler handler) {
    this.handler = handler;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
    pipeline.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_SIZE)));
    pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_CONTENT));
    pipeline.addLast("keep-alive", new HttpServerKeepAliveHandler());
    pipeline.addLast("endpoint", handler);
  }
}
