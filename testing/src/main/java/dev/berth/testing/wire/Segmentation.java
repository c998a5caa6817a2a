package dev.berth.testing.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How TCP cuts a byte stream into reads. A receiver must give the same answer however the stream
 * is cut, so tests feed the same bytes cut each of these ways.
 */
public enum Segmentation {
  /** Everything in one read, as when a peer's writes coalesce. */
  COALESCED,
  /** One read per byte: every possible split point is a boundary. */
  BYTE_BY_BYTE,
  /** Reads of random sizes, from one byte to a few hundred. */
  RANDOM_CUTS;

  /** Cuts {@code stream} into reads; {@code random} chooses the cuts of {@link #RANDOM_CUTS}. */
  public List<byte[]> cut(byte[] stream, SplittableRandom random) {
    switch (this) {
      case COALESCED:
        return stream.length == 0 ? List.of() : List.of(stream);
      case BYTE_BY_BYTE:
        return cutEvery(stream, 1);
      case RANDOM_CUTS:
        return cutRandomly(stream, random, 1 + random.nextInt(512));
      default:
        throw new IllegalStateException(name());
    }
  }

  /** Reads of exactly {@code size} bytes (the last may be shorter). */
  public static List<byte[]> cutEvery(byte[] stream, int size) {
    List<byte[]> reads = new ArrayList<>();
    for (int start = 0; start < stream.length; start += size) {
      reads.add(Arrays.copyOfRange(stream, start, Math.min(stream.length, start + size)));
    }
    return reads;
  }

  /** Reads of random sizes between 1 and {@code maxRead} bytes. */
  public static List<byte[]> cutRandomly(byte[] stream, SplittableRandom random, int maxRead) {
    List<byte[]> reads = new ArrayList<>();
    for (int start = 0; start < stream.length; ) {
      int end = Math.min(stream.length, start + 1 + random.nextInt(maxRead));
      reads.add(Arrays.copyOfRange(stream, start, end));
      start = end;
    }
    return reads;
  }
}
