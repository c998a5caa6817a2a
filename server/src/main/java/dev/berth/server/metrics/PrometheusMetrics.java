package dev.berth.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;

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
