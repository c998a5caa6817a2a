package dev.berth.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reports a leaked buffer.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection. Netty only
 * logs leaks; this installs a detector factory whose detectors record every report, and after
 * each test class forces collection and allocation (leaks are reported when a later allocation
 * polls the reference queue) so a leak shows up in the class that caused it.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterAllCallback {

  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    LEAKS.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    for (int round = 0; round < 5 && LEAKS.isEmpty(); round++) {
      System.gc();
      System.runFinalization();
      Thread.sleep(20); // lets the reference handler enqueue; this is not a wait on a condition
      pollDetectors();
    }
    if (!LEAKS.isEmpty()) {
      String report = String.join("\n", LEAKS);
      LEAKS.clear();
      throw new AssertionError("Netty reported leaked buffers:\n" + report);
    }
  }

  private static void pollDetectors() {
    // Each allocation of a tracked buffer makes its detector report what the GC enqueued.
    ByteBuf[] probes = {
      PooledByteBufAllocator.DEFAULT.directBuffer(1),
      PooledByteBufAllocator.DEFAULT.heapBuffer(1),
      UnpooledByteBufAllocator.DEFAULT.directBuffer(1),
      UnpooledByteBufAllocator.DEFAULT.heapBuffer(1),
      PooledByteBufAllocator.DEFAULT.compositeBuffer()
    };
    for (ByteBuf probe : probes) {
      probe.release();
    }
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval, maxActive);
      detector.setLeakListener((type, records) -> LEAKS.add(type + " leaked:" + records));
      return detector;
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
      return newResourceLeakDetector(resource, samplingInterval, Long.MAX_VALUE);
    }
  }
}
