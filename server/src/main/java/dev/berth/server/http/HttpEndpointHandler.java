package dev.berth.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.server.log.RateLimitedLog;
import dev.berth.server.metrics.PrometheusMetrics;
import dev.berth.server.metrics.ScrapeFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /metrics}, {@code /healthz} and {@code /readyz} (and HEAD, which the codec
 * answers without a body); 404 for any other path, 405 for any other method. {@code /metrics}
 * answers 503 until the server has bound its listeners and made its meters, which happens after
 * the endpoint is up so that start-up does that work only once it can serve.
 */
@ChannelHandler.Sharable
final class HttpEndpointHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String METRICS = "/metrics";
  static final String HEALTHZ = "/healthz";
  static final String READYZ = "/readyz";

  private static final Logger log = LoggerFactory.getLogger(HttpEndpointHandler.class);
  /** A scraper retrying a failing scrape every second must not fill the log. */
  private static final RateLimitedLog SCRAPE_FAILED = new RateLimitedLog(log, 10, Duration.ofMinutes(1));
  private static final Set<String> PATHS = Set.of(METRICS, HEALTHZ, READYZ);
  private static final String ALLOWED_METHODS = "GET, HEAD";
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  private final Readiness readiness;
  private volatile PrometheusMetrics metrics;

  HttpEndpointHandler(Readiness readiness) {
    this.readiness = readiness;
  }

  /** From now on {@code /metrics} answers with these meters. */
  void serve(PrometheusMetrics metrics) {
    this.metrics = metrics;
  }

  PrometheusMetrics metrics() {
    return metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      FullHttpResponse response = text(ctx, HttpResponseStatus.BAD_REQUEST, "bad request\n");
      // The keep-alive handler closes the connection after a response that says so.
      HttpUtil.setKeepAlive(response, false);
      ctx.writeAndFlush(response);
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    FullHttpResponse response;
    if (!PATHS.contains(path)) {
      response = text(ctx, HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n");
    } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
      response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: " + request.method() + "\n");
      response.headers().set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
    } else if (path.equals(HEALTHZ)) {
      response = text(ctx, HttpResponseStatus.OK, "ok\n");
    } else if (path.equals(READYZ)) {
      response = readiness.isReady()
          ? text(ctx, HttpResponseStatus.OK, "ready\n")
          : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, readiness.state().name().toLowerCase(Locale.ROOT) + "\n");
    } else {
      response = scrape(ctx, ScrapeFormat.forAccept(request.headers().get(HttpHeaderNames.ACCEPT)));
    }
    ctx.writeAndFlush(response);
  }

  /** Writes the exposition straight into a pooled buffer, without an intermediate String. */
  private FullHttpResponse scrape(ChannelHandlerContext ctx, ScrapeFormat format) {
    PrometheusMetrics metrics = this.metrics;
    if (metrics == null) {
      return text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "starting\n");
    }
    ByteBuf body = ctx.alloc().buffer();
    try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
      metrics.scrape(format, out);
    } catch (IOException | RuntimeException e) {
      body.release();
      // A broken meter must not break the server: answer 500 and say why in the log.
      SCRAPE_FAILED.warn("scraping metrics failed", e);
      return text(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "scraping metrics failed\n");
    }
    return response(HttpResponseStatus.OK, body, format.contentType());
  }

  private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    return response(status, ByteBufUtil.writeUtf8(ctx.alloc(), body), PLAIN_TEXT);
  }

  private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String contentType) {
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, status, body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    return response;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
    log.debug("metrics endpoint connection from {}: {}", ctx.channel().remoteAddress(), error.toString());
    ctx.close();
  }
}
