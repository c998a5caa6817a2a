package dev.berth.server.metrics;

import dev.berth.protocol.ProtocolException;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.FaultKind;
import dev.berth.server.counters.RejectReason;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.server.system.SystemSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import dev.berth.config.ListenerConfig;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Registers the {@code berth_*} meters as functions that read the listeners' {@link
 * ServerCounters} when scraped. The hot path keeps adding to its counters and never touches
 * Micrometer, so metrics cost nothing per message and the exposed counts are the exact sums. Every
 * meter of a connection or a message carries the {@code listener} label.
 */
public final class BerthMeterBinder implements MeterBinder {

  private final List<ListenerMeters> listeners;
  private final Readiness readiness;
  private final Tags infoTags;

  /**
   * @param infoTags the labels of {@code berth_info}: version, instance_id, transport, framing, mode
   */
  public BerthMeterBinder(List<ListenerMeters> listeners, Readiness readiness, Tags infoTags) {
    this.listeners = List.copyOf(listeners);
    this.readiness = readiness;
    this.infoTags = infoTags;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, BerthMeter.INFO, infoTags, () -> 1);
    gauge(registry, BerthMeter.DRAINING, Tags.empty(), () -> readiness.isDraining() ? 1 : 0);
    gauge(registry, BerthMeter.TCP_MIGRATE_REQ, Tags.empty(), SystemSettings::readTcpMigrateReq);
    for (ListenerMeters meters : listeners) {
      bindListener(registry, meters);
    }
  }

  private static void bindListener(MeterRegistry registry, ListenerMeters meters) {
    ListenerConfig listener = meters.listener();
    ServerCounters counters = meters.counters();
    Tags tags = Tags.of(BerthMeter.LISTENER, listener.name());
    gauge(registry, BerthMeter.LISTENERS, tags.and(
        "protocol", listener.protocol().optionName(),
        "framing", listener.framing().optionName(),
        "mode", listener.mode().optionName(),
        "tls", listener.tls() ? "on" : "off",
        "proxy_protocol", listener.proxyProtocol().optionName()), () -> 1);
    gauge(registry, BerthMeter.CONNECTIONS_ACTIVE, tags, counters::connectionsActive);
    counter(registry, BerthMeter.CONNECTIONS_ACCEPTED, tags, counters, ServerCounters::connectionsAccepted);
    for (RejectReason reason : RejectReason.values()) {
      counter(registry, BerthMeter.CONNECTIONS_REJECTED, tags.and(BerthMeter.REASON, reason.label()), counters,
          c -> c.connectionsRejected(reason));
    }
    for (CloseCause cause : CloseCause.values()) {
      counter(registry, BerthMeter.CONNECTIONS_CLOSED, tags.and(BerthMeter.CAUSE, cause.label()), counters,
          c -> c.connectionsClosed(cause));
    }
    counter(registry, BerthMeter.MESSAGES_RECEIVED, tags, counters, ServerCounters::messagesReceived);
    counter(registry, BerthMeter.MESSAGES_SENT, tags, counters, ServerCounters::messagesSent);
    counter(registry, BerthMeter.BYTES_RECEIVED, tags, counters, ServerCounters::bytesReceived);
    counter(registry, BerthMeter.BYTES_SENT, tags, counters, ServerCounters::bytesSent);
    for (ProtocolException.Reason reason : ProtocolException.Reason.values()) {
      counter(registry, BerthMeter.PROTOCOL_ERRORS, tags.and(BerthMeter.REASON, reason.label()), counters,
          c -> c.protocolErrors(reason));
    }
    for (FaultKind kind : FaultKind.values()) {
      counter(registry, BerthMeter.FAULTS_INJECTED, tags.and(BerthMeter.KIND, kind.label()), counters,
          c -> c.faultsInjected(kind));
    }
  }

  private static void gauge(MeterRegistry registry, BerthMeter meter, Tags tags, Supplier<Number> value) {
    Gauge.builder(meter.meterName(), value).tags(tags).description(meter.description()).register(registry);
  }

  private static void counter(MeterRegistry registry, BerthMeter meter, Tags tags, ServerCounters counters,
      ToDoubleFunction<ServerCounters> count) {
    FunctionCounter.builder(meter.meterName(), counters, count)
        .tags(tags).description(meter.description()).register(registry);
  }
}
