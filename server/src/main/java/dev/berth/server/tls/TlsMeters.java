package dev.berth.server.tls;

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

  static final String HANDSHAKES = "berth.tls.handshakes";
  static final String CERTIFICATE_EXPIRY = "berth.tls.certificate.expiry";
  static final String RELOADS = "berth.tls.reloads";

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
          FunctionCounter.builder(HANDSHAKES, counters, c -> c.count(result, version))
              .description("TLS handshakes, by listener, result (ok, failed, timeout) and version")
              .tags("listener", listener, "result", result.label(), "version", version)
              .register(registry);
        }
      }
    }
    Gauge.builder(CERTIFICATE_EXPIRY, tls, t -> t.certificateExpiry().getEpochSecond())
        .baseUnit("seconds")
        .description("When the served TLS certificate expires (its notAfter), as a Unix time")
        .register(registry);
    for (boolean ok : new boolean[] {true, false}) {
      FunctionCounter.builder(RELOADS, tls, t -> t.reloads(ok))
          .description("TLS certificate reloads (SIGHUP, file change), by result (ok, failed)")
          .tags("result", ok ? "ok" : "failed")
          .register(registry);
    }
  }
}
