package dev.berth.server.metrics;

import dev.berth.config.ServerConfig;
import dev.berth.server.system.BerthVersion;
import dev.berth.server.lifecycle.Readiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.channel.EventLoopGroup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** A server's meters in a Prometheus registry of its own, written out on each scrape. */
public final class PrometheusMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RuntimeMeters runtimeMeters;

  public PrometheusMetrics(BerthMeterBinder berthMeters, RuntimeMeters runtimeMeters) {
    this.runtimeMeters = runtimeMeters;
    // Before any binder runs: filters apply only to meters registered after them.
    registry.config().meterFilter(new PrometheusLintFilter());
    berthMeters.bindTo(registry);
    runtimeMeters.bindTo(registry);
  }

  /**
   * The meters of a server: its own {@code berth_*} meters, read from its listeners' counters when
   * scraped, and the JVM, process and Netty meters of {@code group}. {@code berth_info}'s framing
   * and mode are the top-level options' (each listener's are in {@code berth_listeners}).
   */
  public static PrometheusMetrics forServer(ServerConfig config, String transport, List<ListenerMeters> listeners,
      Readiness readiness, EventLoopGroup group) {
    return new PrometheusMetrics(
        new BerthMeterBinder(listeners, readiness, Tags.of(
            "version", BerthVersion.get(),
            "instance_id", config.instanceId(),
            "transport", transport,
            "framing", config.framing().optionName(),
            "mode", config.mode().optionName())),
        new RuntimeMeters(group));
  }

  /** Writes every meter to {@code out} in {@code format}. */
  public void scrape(ScrapeFormat format, OutputStream out) throws IOException {
    registry.scrape(out, format.contentType());
  }

  /** The registry, for meters an embedding program wants to add. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    runtimeMeters.close();
    registry.close();
  }
}
