package dev.berth.server.metrics;

import dev.berth.config.ListenerConfig;
import dev.berth.server.counters.ServerCounters;

/**
 * What the meters of one listener read: its configuration (for {@code berth_listeners}' labels)
 * and its counters (every connection and message meter, labelled {@code listener}).
 */
public record ListenerMeters(ListenerConfig listener, ServerCounters counters) {}
