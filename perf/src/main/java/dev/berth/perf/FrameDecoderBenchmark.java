package dev.berth.perf;

import dev.berth.protocol.FrameDecoder;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.LengthFrameRelay;
import dev.berth.protocol.LineFrameDecoder;
import dev.berth.protocol.LineFrameRelay;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decoders alone: one read holding {@value #MESSAGES} messages, split by the decoder (one
 * payload slice per message) or passed on by the echo relay (one slice per read). Scores are per
 * message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=dev.berth.perf.NettyThreads"})
public class FrameDecoderBenchmark {

  static final int MESSAGES = 16;

  @Param({"length", "line"})
  public String framing;

  @Param({"decoder", "relay"})
  public String kind;

  @Param({"64", "16384"})
  public int size;

  private EmbeddedChannel channel;
  private ByteBuf input;

  @Setup
  public void setUp() {
    channel = new EmbeddedChannel(decoder(), new Wire.Sink());
    input = Wire.direct(Wire.messages(framing, size, MESSAGES));
  }

  private FrameDecoder decoder() {
    int limit = 1 << 20;
    if (framing.equals("length")) {
      return kind.equals("relay") ? new LengthFrameRelay(limit) : new LengthFrameDecoder(limit);
    }
    return kind.equals("relay") ? new LineFrameRelay(limit) : new LineFrameDecoder(limit);
  }

  @TearDown
  public void tearDown() {
    channel.finishAndReleaseAll();
    input.release();
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void decode() {
    Wire.read(channel, input);
  }
}
