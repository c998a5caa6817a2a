package dev.berth.server.metrics;

import dev.berth.protocol.ProtocolException;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.RejectReason;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.server.system.SystemSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Registers the {@code berth_*} meters as functions that read {@link ServerCounters} when
 * scraped. The hot path keeps adding to its counters and never touches Micrometer, so metrics
 * cost nothing per message and the exposed counts are the exact sums.
 */
public final class BerthMeterBinder implements MeterBinder {

  private final ServerCounters counters;
  private final IntSupplier activeConnections;
  private final Readiness readiness;
  private final Tags infoTags;

  /**
   * @param infoTags the labels of {@code berth_info}: version, instance_id, transport, framing, mode
   */
  public BerthMeterBinder(
      ServerCounters counters, IntSupplier activeConnections, Readiness readiness, Tags infoTags) {
    this.counters = counters;
    this.activeConnections = activeConnections;
    this.readiness = readiness;
    this.infoTags = infoTags;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, BerthMeter.INFO, infoTags, () -> 1);
    gauge(registry, BerthMeter.CONNECTIONS_ACTIVE, Tags.empty(), activeConnections::getAsInt);
    gauge(registry, BerthMeter.DRAINING, Tags.empty(), () -> readiness.isDraining() ? 1 : 0);
    gauge(registry, BerthMeter.TCP_MIGRATE_REQ, Tags.empty(), SystemSettings::readTcpMigrateReq);
    counter(registry, BerthMeter.CONNECTIONS_ACCEPTED, Tags.empty(), ServerCounters::connectionsAccepted);
    for (RejectReason reason : RejectReason.values()) {
      counter(registry, BerthMeter.CONNECTIONS_REJECTED, Tags.of(BerthMeter.REASON, reason.label()),
          c -> c.connectionsRejected(reason));
    }
    for (CloseCause cause : CloseCause.values()) {
      counter(registry, BerthMeter.CONNECTIONS_CLOSED, Tags.of(BerthMeter.CAUSE, cause.label()),
          c -> c.connectionsClosed(cause));
    }
    counter(registry, BerthMeter.MESSAGES_RECEIVED, Tags.empty(), ServerCounters::messagesReceived);
    counter(registry, BerthMeter.MESSAGES_SENT, Tags.empty(), ServerCounters::messagesSent);
    counter(registry, BerthMeter.BYTES_RECEIVED, Tags.empty(), ServerCounters::bytesReceived);
    counter(registry, BerthMeter.BYTES_SENT, Tags.empty(), ServerCounters::bytesSent);
    for (ProtocolException.Reason reason : ProtocolException.Reason.values()) {
      counter(registry, BerthMeter.PROTOCOL_ERRORS, Tags.of(BerthMeter.REASON, reason.label()),
          c -> c.protocolErrors(reason));
    }
  }

  private static void gauge(MeterRegistry registry, BerthMeter meter, Tags tags, Supplier<Number> value) {
    Gauge.builder(meter.meterName(), value).tags(tags).description(meter.description()).register(registry);
  }

  private void counter(
      MeterRegistry registry, BerthMeter meter, Tags tags, ToDoubleFunction<ServerCounters> count) {
    FunctionCounter.builder(meter.meterName(), counters, count)
        .tags(tags).description(meter.description()).register(registry);
  }
}
