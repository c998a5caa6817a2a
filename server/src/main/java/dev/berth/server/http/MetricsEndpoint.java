package dev.berth.server.http;

import dev.berth.config.Addresses;
import dev.berth.config.ServerConfig;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.server.metrics.PrometheusMetrics;
import dev.berth.server.transport.BindFailure;
import dev.berth.server.transport.Binding;
import dev.berth.server.transport.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The HTTP endpoint ({@code /metrics}, {@code /healthz}, {@code /readyz}) on the server's own
 * event loops. Never bound with SO_REUSEPORT: each instance needs a metrics port of its own, or
 * scrapes would land on a random instance.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final HttpEndpointHandler handler;
  private final Channel channel;

  private MetricsEndpoint(HttpEndpointHandler handler, Channel channel) {
    this.handler = handler;
    this.channel = channel;
  }

  /** Binds the endpoint; {@code /healthz} and {@code /readyz} answer at once, {@code /metrics} after {@link #serve}. */
  public static MetricsEndpoint bind(ServerConfig config, NettyTransport transport, EventLoopGroup group,
      Readiness readiness) throws BindException {
    HttpEndpointHandler handler = new HttpEndpointHandler(readiness);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannelClass())
        .childHandler(new HttpEndpointInitializer(handler));
    InetSocketAddress address = Binding.resolve("--metrics-host", config.metricsHost(), config.metricsPort());
    return new MetricsEndpoint(handler, Binding.bind(bootstrap, address, e -> describeBindFailure(address, e)));
  }

  private static String describeBindFailure(InetSocketAddress address, Throwable error) {
    String failure = BindFailure.describe(address, error, false);
    if (failure.contains("address already in use")) {
      return "cannot bind " + Addresses.format(address.getHostString(), address.getPort())
          + " (metrics): address already in use (pass --metrics-port to choose another, or --no-metrics)";
    }
    return "metrics endpoint: " + failure;
  }

  /** From now on {@code /metrics} answers with {@code metrics}, which this endpoint closes. */
  public void serve(PrometheusMetrics metrics) {
    handler.serve(metrics);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The meters, once served. */
  public Optional<PrometheusMetrics> metrics() {
    return Optional.ofNullable(handler.metrics());
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    metrics().ifPresent(PrometheusMetrics::close);
  }
}
