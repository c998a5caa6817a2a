package dev.berth.server.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.netty4.NettyMeters;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the exposition clean for {@code promtool check metrics}: drops the two binder meters whose
 * names it rejects, and gives Netty's meters the help text their binders leave out.
 */
final class PrometheusLintFilter implements MeterFilter {

  /**
   * {@code process.cpu.time} is in nanoseconds ({@code _ns_}: an abbreviated, non-base unit;
   * {@link RuntimeMeters} exposes it in seconds instead), and {@code system.cpu.count} ends in
   * {@code _count}, which Prometheus reserves for histograms and summaries.
   */
  private static final Set<String> DENIED = Set.of("process.cpu.time", "system.cpu.count");

  private static final Map<String, String> DESCRIPTIONS = Map.of(
      NettyMeters.ALLOCATOR_MEMORY_USED.getName(), "Memory the Netty allocator holds, in bytes",
      NettyMeters.ALLOCATOR_MEMORY_PINNED.getName(), "Memory of the Netty allocator in use by buffers, in bytes",
      NettyMeters.ALLOCATOR_POOLED_ARENAS.getName(), "Arenas of the pooled Netty allocator",
      NettyMeters.ALLOCATOR_POOLED_CACHE_SIZE.getName(), "Cache size of the pooled Netty allocator",
      NettyMeters.ALLOCATOR_POOLED_THREADLOCAL_CACHES.getName(), "Thread-local caches of the pooled Netty allocator",
      NettyMeters.ALLOCATOR_POOLED_CHUNK_SIZE.getName(), "Chunk size of the pooled Netty allocator, in bytes",
      NettyMeters.EVENT_EXECUTOR_TASKS_PENDING.getName(), "Tasks waiting in each Netty event loop's queue",
      NettyMeters.EVENT_EXECUTOR_WORKERS.getName(), "Netty event loops");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return DENIED.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String description = DESCRIPTIONS.get(id.getName());
    if (description == null || (id.getDescription() != null && !id.getDescription().isBlank())) {
      return id;
    }
    return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
  }
}
