package dev.berth.perf;

import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.pipeline.ServerChannelInitializer;
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
 * A whole connection pipeline as the server builds it (traffic counter, decoder, encoder, idle
 * timer, the mode's message handler, lifecycle), on an embedded channel: a socket read goes in,
 * the replies come out flushed. Scores are per message; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the heap allocated per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=dev.berth.perf.NettyThreads"})
public class EchoPipelineBenchmark {

  @Param({"length", "line"})
  public String framing;

  @Param({"echo", "reverse", "hello"})
  public String mode;

  @Param({"64", "16384"})
  public int size;

  private EmbeddedChannel channel;
  private ByteBuf oneMessage;
  private ByteBuf sixteenMessages;

  @Setup
  public void setUp() {
    ServerConfig config = ServerConfig.defaults("framing", framing, "mode", mode, "max-frame", "1MiB",
        "max-line", "1MiB");
    ServerCounters counters = new ServerCounters();
    ListenerConfig listener = config.listeners().get(0);
    channel = new EmbeddedChannel(new ServerChannelInitializer(config, listener, new ConnectionTracker(10), counters,
        new ListenerFaults(listener.name(), listener.faults(), counters), null));
    Wire.drainOutbound(channel); // a greeting
    oneMessage = Wire.direct(Wire.messages(framing, size, 1));
    sixteenMessages = Wire.direct(Wire.messages(framing, size, 16));
  }

  @TearDown
  public void tearDown() {
    channel.finishAndReleaseAll();
    oneMessage.release();
    sixteenMessages.release();
  }

  /** One message per read: a client waiting for each reply. */
  @Benchmark
  public long oneMessagePerRead() {
    Wire.read(channel, oneMessage);
    return Wire.drainOutbound(channel);
  }

  /** Sixteen messages per read: a pipelining client. */
  @Benchmark
  @OperationsPerInvocation(16)
  public long sixteenMessagesPerRead() {
    Wire.read(channel, sixteenMessages);
    return Wire.drainOutbound(channel);
  }
}
