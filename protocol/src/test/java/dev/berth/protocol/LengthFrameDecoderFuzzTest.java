package dev.berth.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.testing.wire.FuzzInput;
import dev.berth.testing.wire.ReferenceFraming;

/**
 * Coverage-guided fuzzing of {@link LengthFrameDecoder}: any stream, cut into reads any way, with
 * a frame limit of 0 to 255 bytes, decodes exactly as docs/protocol.md says. The seed corpus is in
 * {@code src/test/resources/dev/berth/protocol/LengthFrameDecoderFuzzTestInputs/}; see
 * docs/hardening.md for the input layout and how to fuzz for longer.
 */
class LengthFrameDecoderFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decodesLikeTheReference(byte[] data) {
    FuzzInput input = FuzzInput.parse(data);
    long maxFrame = input.limit();
    // A partial frame is shorter than its length N, and N is at most maxFrame + 8.
    new DecoderScenario(new LengthFrameDecoder(maxFrame), maxFrame + 7)
        .check(input, ReferenceFraming.frames(input.stream(), maxFrame));
  }
}
