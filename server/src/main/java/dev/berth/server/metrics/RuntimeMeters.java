package dev.berth.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The JVM (memory, GC, threads, classes), process (uptime, CPU, open files) and Netty (allocator,
 * event-loop queues) meters, from Micrometer's binders.
 */
public final class RuntimeMeters implements MeterBinder, AutoCloseable {

  private final EventLoopGroup group;
  // Listens to GC notifications until closed.
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  /** @param group the server's event loops */
  public RuntimeMeters(EventLoopGroup group) {
    this.group = group;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    new JvmInfoMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    bindProcessCpuSeconds(registry);
    // The allocator every channel uses unless told otherwise: adaptive in Netty 4.2, pooled before.
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider) {
      new NettyAllocatorMetrics((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).bindTo(registry);
    }
    new NettyEventExecutorMetrics(group).bindTo(registry);
  }

  /**
   * {@code process_cpu_seconds_total}, the name Prometheus' own clients use, in place of
   * Micrometer's {@code process.cpu.time} in nanoseconds, which promtool rejects for its unit.
   */
  private static void bindProcessCpuSeconds(MeterRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      FunctionCounter.builder("process.cpu", (com.sun.management.OperatingSystemMXBean) os,
              bean -> bean.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by the process")
          .register(registry);
    }
  }

  @Override
  public void close() {
    gcMetrics.close();
  }
}
