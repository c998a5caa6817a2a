package dev.berth.perf;

import dev.berth.protocol.LengthFrameEncoder;
import dev.berth.protocol.LineFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The encoders alone: one reply payload framed and flushed to the (embedded) socket. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=dev.berth.perf.NettyThreads"})
public class FrameEncoderBenchmark {

  @Param({"length", "line"})
  public String framing;

  @Param({"64", "16384"})
  public int size;

  private EmbeddedChannel channel;
  private ByteBuf payload;

  @Setup
  public void setUp() {
    channel = new EmbeddedChannel(framing.equals("length") ? LengthFrameEncoder.INSTANCE : new LineFrameEncoder());
    payload = Wire.direct(Wire.payload(size));
  }

  @TearDown
  public void tearDown() {
    channel.finishAndReleaseAll();
    payload.release();
  }

  @Benchmark
  public long encode() {
    payload.readerIndex(0).retain();
    channel.writeAndFlush(payload, channel.voidPromise());
    return Wire.drainOutbound(channel);
  }
}
