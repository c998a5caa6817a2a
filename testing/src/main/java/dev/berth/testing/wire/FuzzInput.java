package dev.berth.testing.wire;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fuzzer's input read as a scenario: three control bytes, then the bytes a peer sends.
 *
 * <pre>
 * +----------+-------+------+------------------------+
 * | settings | limit | cuts | stream ...             |
 * +----------+-------+------+------------------------+
 * </pre>
 *
 * {@code settings} is a bit field each target reads its own way (framing, mode, FIN at the end);
 * {@code limit} sizes the line or frame limit, small so that the fuzzer reaches it; {@code cuts}
 * says how the stream is split into reads: 0 in one read, 1 a byte per read, any other value
 * reads of random sizes up to that many bytes, from a seed fixed by the input so that a finding
 * replays exactly. Missing control bytes read as 0, so every byte array is a valid input.
 */
public record FuzzInput(int settings, int limit, int cuts, byte[] stream) {

  public static FuzzInput parse(byte[] data) {
    return new FuzzInput(unsigned(data, 0), unsigned(data, 1), unsigned(data, 2),
        data.length > 3 ? Arrays.copyOfRange(data, 3, data.length) : new byte[0]);
  }

  /** Whether bit {@code bit} of the settings byte is set. */
  public boolean flag(int bit) {
    return (settings & (1 << bit)) != 0;
  }

  /** The stream cut into reads as {@code cuts} says. */
  public List<byte[]> reads() {
    if (cuts == 0) {
      return Segmentation.COALESCED.cut(stream, null);
    }
    if (cuts == 1) {
      return Segmentation.BYTE_BY_BYTE.cut(stream, null);
    }
    return Segmentation.cutRandomly(stream, new SplittableRandom(cuts * 1_000_003L + stream.length), cuts);
  }

  /** The largest read {@link #reads()} makes. */
  public int largestRead() {
    int largest = 0;
    for (byte[] read : reads()) {
      largest = Math.max(largest, read.length);
    }
    return largest;
  }

  private static int unsigned(byte[] data, int index) {
    return index < data.length ? data[index] & 0xFF : 0;
  }
}
