package dev.berth.server;

import dev.berth.config.ServerConfig;
import dev.berth.server.handler.ConnectionTracker;
import dev.berth.server.metrics.BerthMeterBinder;
import dev.berth.server.metrics.HttpEndpointInitializer;
import dev.berth.server.metrics.PrometheusMetrics;
import dev.berth.server.metrics.Readiness;
import dev.berth.server.metrics.RuntimeMeters;
import dev.berth.server.metrics.ServerCounters;
import dev.berth.server.transport.NettyTransport;
import io.micrometer.core.instrument.Tags;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/**
 * The HTTP endpoint ({@code /metrics}, {@code /healthz}, {@code /readyz}) on the server's own
 * event loops. Never bound with SO_REUSEPORT: each instance needs a metrics port of its own, or
 * scrapes would land on a random instance.
 */
final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusMetrics metrics;
  private final Channel channel;

  private MetricsEndpoint(PrometheusMetrics metrics, Channel channel) {
    this.metrics = metrics;
    this.channel = channel;
  }

  static MetricsEndpoint start(ServerConfig config, NettyTransport transport, EventLoopGroup group,
      ServerCounters counters, ConnectionTracker tracker, Readiness readiness) throws ServerStartException {
    PrometheusMetrics metrics = new PrometheusMetrics(
        new BerthMeterBinder(counters, tracker::activeConnections, readiness, Tags.of(
            "version", BerthVersion.get(),
            "instance_id", config.instanceId(),
            "transport", transport.name(),
            "framing", config.framing().optionName(),
            "mode", config.mode().optionName())),
        new RuntimeMeters(group));
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannelClass())
        .childHandler(new HttpEndpointInitializer(metrics, readiness));
    InetSocketAddress address = Binding.resolve("--metrics-host", config.metricsHost(), config.metricsPort());
    try {
      return new MetricsEndpoint(metrics, Binding.bind(bootstrap, address, e -> describeBindFailure(address, e)));
    } catch (ServerStartException e) {
      metrics.close();
      throw e;
    }
  }

  private static String describeBindFailure(InetSocketAddress address, Throwable error) {
    String failure = BindFailure.describe(address, error, false);
    if (failure.contains("address already in use")) {
      return "cannot bind " + Binding.format(address.getHostString(), address.getPort())
          + " (metrics): address already in use (pass --metrics-port to choose another, or --no-metrics)";
    }
    return "metrics endpoint: " + failure;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  PrometheusMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    metrics.close();
  }
}
