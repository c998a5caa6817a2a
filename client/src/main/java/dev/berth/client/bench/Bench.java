package dev.berth.client.bench;

import dev.berth.client.ClientException;
import dev.berth.client.ClientTransport;
import dev.berth.config.Addresses;
import dev.berth.config.BenchConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The load generator behind {@code berth bench}: opens the connections, keeps messages flowing
 * for the warmup and the measured duration, checks every reply byte for byte, then stops sending,
 * waits for the replies in flight and reports.
 *
 * <pre>{@code
 * BenchReport report = Bench.run(BenchConfig.defaults("port", "7000", "duration", "5s"), System.err);
 * System.out.print(report.toTable());
 * System.exit(report.failed() ? 1 : 0);
 * }</pre>
 *
 * <p>A run can be ended early from another thread: {@link #stop()} ends the measured time at once
 * (or, with a duration of 0, is the only end), and the report covers what was measured until then.
 *
 * <p>Each connection lives on one event loop and writes its frames straight into pooled buffers;
 * replies are compared in place, not decoded, so the bench spends little per message.
 */
public final class Bench {

  private final BenchConfig config;
  private final PrintStream progress;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final List<IntervalListener> listeners = new ArrayList<>();
  private final List<Second> perSecond = new ArrayList<>();

  /**
   * A bench that {@link #run()} starts.
   *
   * @param progress receives one progress line a second (standard error for the command)
   */
  public Bench(BenchConfig config, PrintStream progress) {
    this.config = Objects.requireNonNull(config, "config");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Runs a bench to its end and returns its report: {@code new Bench(config, progress).run()}. */
  public static BenchReport run(BenchConfig config, PrintStream progress) {
    return new Bench(config, progress).run();
  }

  /**
   * Adds a listener told of each interval of the run (each second, and the last part); call it
   * before {@link #run()}.
   */
  public void onInterval(IntervalListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Ends the measured time now, from any thread: the bench stops sending, waits for the replies
   * in flight (within the reply timeout) and {@link #run()} returns the report of what it
   * measured. Stopping before the run starts makes it end as soon as it has started.
   */
  public void stop() {
    stopRequested.countDown();
  }

  /**
   * Runs the bench and returns its report; blocks for the warmup plus the duration (or until
   * {@link #stop()}), plus at most the reply timeout at the end. Call it once.
   *
   * @throws ClientException when the server cannot be reached at all (unknown host, refused,
   *     connect timeout), before any load is sent
   */
  public BenchReport run() {
    String target = Addresses.format(config.host(), config.port());
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    if (address.isUnresolved()) {
      throw new ClientException(ClientException.Kind.UNKNOWN_HOST, "cannot connect to " + target + ": unknown host");
    }
    ClientTransport transport = ClientTransport.best();
    EventLoopGroup group = transport.newGroup(config.ioThreads());
    try {
      BenchRun run = new BenchRun(config, transport, address);
      probe(run, group, target);
      List<LoopRecorders> recorders = new ArrayList<>();
      List<EventLoop> loops = new ArrayList<>();
      for (EventExecutor executor : group) {
        loops.add((EventLoop) executor);
        recorders.add(new LoopRecorders());
      }
      long start = System.nanoTime();
      List<Slot> slots = new ArrayList<>();
      for (int i = 0; i < config.connections(); i++) {
        EventLoop loop = loops.get(i % loops.size());
        Slot slot = new Slot(i, run, loop, recorders.get(i % loops.size()), pacer(config, start, i));
        slots.add(slot);
        loop.execute(slot::start);
      }
      Measurements measurements = new Measurements(recorders);
      Timeline timeline = new Timeline(config, run, measurements, progress, stopRequested, this::interval);
      double seconds = timeline.run(start);
      stop(run, slots, loops);
      timeline.finish();
      return new BenchReport(config, transport.displayName(), seconds, timeline.stoppedEarly(),
          measurements.measured().getTotalCount(), measurements.replies(),
          measurements.measuredConnects().getTotalCount(),
          LatencySummary.of(measurements.measured()), LatencySummary.of(measurements.measuredConnects()),
          run.counters.snapshot(), run.counters.resent(), run.counters.firstProblem(),
          perSecond, PercentilePoint.curve(measurements.measured()), Machine.current());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private void interval(Interval interval) {
    perSecond.add(Second.of(interval));
    listeners.forEach(listener -> listener.onInterval(interval));
  }

  /** Slot {@code index}'s schedule; open-loop slots are staggered so sends spread evenly. */
  private static Pacer pacer(BenchConfig config, long start, int index) {
    if (!config.openLoop()) {
      return Pacer.closedLoop();
    }
    double perConnection = (double) config.rate() / config.connections();
    return Pacer.openLoop(start + (long) (index * 1e9 / config.rate()), perConnection);
  }

  /** One connection before the load, so an unreachable server is one clear error, not a flood of counts. */
  private static void probe(BenchRun run, EventLoopGroup group, String target) {
    ChannelFuture connect = run.transport.bootstrap(group, run.config.connectTimeout())
        .handler(new ChannelInboundHandlerAdapter())
        .connect(run.address);
    if (!connect.awaitUninterruptibly().isSuccess()) {
      throw ClientException.connectFailed(target, connect.cause());
    }
    connect.channel().close().awaitUninterruptibly();
  }

  /** Stops new messages, waits for the replies in flight, then gives up on what is still missing. */
  private static void stop(BenchRun run, List<Slot> slots, List<EventLoop> loops) {
    run.stop();
    for (int i = 0; i < slots.size(); i++) {
      loops.get(i % loops.size()).execute(slots.get(i)::stop);
    }
    long waitMillis = run.config.timeout().toMillis() + 1000;
    boolean drained;
    try {
      drained = run.slotsRunning().await(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = false;
    }
    if (!drained) {
      for (int i = 0; i < slots.size(); i++) {
        loops.get(i % loops.size()).submit(slots.get(i)::abort).syncUninterruptibly();
      }
    }
  }
}
