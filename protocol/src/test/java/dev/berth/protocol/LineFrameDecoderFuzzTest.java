package dev.berth.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.testing.wire.FuzzInput;
import dev.berth.testing.wire.ReferenceFraming;

/**
 * Coverage-guided fuzzing of {@link LineFrameDecoder}: any stream, cut into reads any way, with a
 * line limit of 1 to 256 bytes, decodes exactly as docs/protocol.md says. The seed corpus is in
 * {@code src/test/resources/dev/berth/protocol/LineFrameDecoderFuzzTestInputs/}; see
 * docs/hardening.md for the input layout and how to fuzz for longer.
 */
class LineFrameDecoderFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decodesLikeTheReference(byte[] data) {
    FuzzInput input = FuzzInput.parse(data);
    int maxLine = 1 + input.limit();
    // A partial line may hold maxLine bytes and the '\r' of a coming "\r\n".
    new DecoderScenario(LineFrameDecoder.withTerminators(maxLine), maxLine + 1)
        .check(input, ReferenceFraming.lines(input.stream(), maxLine));
  }
}
