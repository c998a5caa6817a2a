package dev.berth.server.tls;

import dev.berth.server.metrics.BerthMeter;
import dev.berth.server.tls.HandshakeCounters.Result;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * The TLS meters, read from {@link ServerTls} when scraped: {@code
 * berth_tls_handshakes_total{listener,result,version}}, {@code
 * berth_tls_certificate_expiry_seconds} and {@code berth_tls_reloads_total{result}}.
 */
final class TlsMeters implements MeterBinder {

  private final ServerTls tls;
  private final List<String> listeners;

  TlsMeters(ServerTls tls, List<String> listeners) {
    this.tls = tls;
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String listener : listeners) {
      HandshakeCounters counters = tls.handshakes(listener);
      for (Result result : Result.values()) {
        for (String version : HandshakeCounters.labelledVersions(result, tls.protocols())) {
          FunctionCounter.builder(BerthMeter.TLS_HANDSHAKES.meterName(), counters, c -> c.count(result, version))
              .description(BerthMeter.TLS_HANDSHAKES.description())
              .tags(BerthMeter.LISTENER, listener, BerthMeter.RESULT, result.label(), BerthMeter.VERSION, version)
              .register(registry);
        }
      }
    }
    Gauge.builder(BerthMeter.TLS_CERTIFICATE_EXPIRY.meterName(), tls, t -> t.certificateExpiry().getEpochSecond())
        .baseUnit("seconds")
        .description(BerthMeter.TLS_CERTIFICATE_EXPIRY.description())
        .register(registry);
    for (boolean ok : new boolean[] {true, false}) {
      FunctionCounter.builder(BerthMeter.TLS_RELOADS.meterName(), tls, t -> t.reloads(ok))
          .description(BerthMeter.TLS_RELOADS.description())
          .tags(BerthMeter.RESULT, ok ? "ok" : "failed")
          .register(registry);
    }
  }
}
