package dev.berth.perf;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmark threads as Netty's own threads ({@code FastThreadLocalThread}), as on an
 * event loop: the allocators' thread caches and Netty's object pools serve only such threads, so
 * a plain JMH thread would show allocations that the server never makes. Installed with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=dev.berth.perf.NettyThreads}.
 */
public final class NettyThreads extends ThreadPoolExecutor {

  public NettyThreads(int threads, String prefix) {
    super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new DefaultThreadFactory(prefix, true));
  }
}
