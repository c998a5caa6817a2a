package dev.berth.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it hands out, so a test can say, the moment a
 * scenario ends and without waiting for a garbage collection, which buffers are still held and
 * how much memory they pin: a leak check that is exact and immediate, where Netty's leak detector
 * is delayed and statistical.
 *
 * <p>Buffers come from an unpooled allocator, because a pooled buffer object is recycled once
 * released and a reference kept to it would report the reference count of whoever got it next;
 * and without the leak detector's wrappers, which at the paranoid level record a stack trace on
 * every access and would make fuzzing a hundred times slower, for no more than this checks. Not
 * thread-safe: meant for one {@code EmbeddedChannel}.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

  private final ByteBufAllocator delegate = new UnpooledByteBufAllocator(false, true);
  private final List<ByteBuf> handedOut = new ArrayList<>();

  public TrackingAllocator() {
    super(false);
  }

  /** A buffer holding a copy of {@code bytes}, tracked like any other. */
  public ByteBuf copyOf(byte[] bytes) {
    return heapBuffer(bytes.length).writeBytes(bytes);
  }

  /** The buffers handed out that have not been released. */
  public List<ByteBuf> unreleased() {
    List<ByteBuf> live = new ArrayList<>();
    for (ByteBuf buf : handedOut) {
      if (buf.refCnt() > 0) {
        live.add(buf);
      }
    }
    return live;
  }

  /** Capacity of every unreleased buffer, in bytes: the memory the code under test holds now. */
  public long retainedBytes() {
    long bytes = 0;
    for (ByteBuf buf : unreleased()) {
      bytes += buf.capacity();
    }
    return bytes;
  }

  /** Releases whatever is still held, so a failed check does not also leak. */
  public void releaseAll() {
    for (ByteBuf buf : unreleased()) {
      buf.release(buf.refCnt());
    }
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return track(delegate.heapBuffer(initialCapacity, maxCapacity));
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return track(delegate.directBuffer(initialCapacity, maxCapacity));
  }

  @Override
  public boolean isDirectBufferPooled() {
    return delegate.isDirectBufferPooled();
  }

  private ByteBuf track(ByteBuf buf) {
    handedOut.add(buf);
    return buf;
  }
}
