package dev.berth.client.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The run as an HdrHistogram interval log ({@code --hlog}): one histogram a second, readable by
 * HdrHistogram's HistogramLogReader, HistogramLogProcessor and the tools built on them. Latencies
 * are recorded in nanoseconds and written with a ratio of 10^6, so the tools show milliseconds.
 *
 * <p>Untagged intervals hold the measured replies' latencies (their counts add up to the
 * report's {@code messages}); {@code Tag=warmup} intervals the warmup's; {@code Tag=connect}
 * intervals the connect latencies of a churn run. The header gives the start time (wall clock)
 * and the interval timestamps count seconds from it.
 */
public final class IntervalLog implements IntervalListener, AutoCloseable {

  /** The tag of intervals recorded during the warmup. */
  public static final String WARMUP = "warmup";
  /** The tag of connect-latency intervals. */
  public static final String CONNECT = "connect";
  private static final double NANOS_PER_MILLI = 1e6;

  private final PrintStream out;
  private final HistogramLogWriter writer;
  private final Histogram warmup = new Histogram(3);
  private final Histogram copy = new Histogram(3);
  private long startNanos = -1;

  private IntervalLog(OutputStream out, String comment) {
    this.out = new PrintStream(out, false, StandardCharsets.US_ASCII);
    this.writer = new HistogramLogWriter(this.out);
    long startMillis = System.currentTimeMillis();
    writer.outputComment(comment);
    writer.outputLogFormatVersion();
    writer.outputStartTime(startMillis);
    writer.setBaseTime(startMillis);
    writer.outputBaseTime(startMillis);
    writer.outputLegend();
    warmup.setTag(WARMUP);
  }

  /**
   * Creates (or replaces) {@code file} and writes the header now: call it just before the run.
   *
   * @param comment a first comment line, such as the command line
   */
  public static IntervalLog create(Path file, String comment) throws IOException {
    return new IntervalLog(Files.newOutputStream(file), comment);
  }

  @Override
  public void onInterval(Interval interval) {
    if (startNanos < 0) {
      startNanos = interval.startNanos();
    }
    double start = (interval.startNanos() - startNanos) / 1e9;
    double end = (interval.endNanos() - startNanos) / 1e9;
    if (interval.measured().getTotalCount() > 0) {
      write(start, end, interval.measured(), null);
    }
    if (interval.latencies().getTotalCount() > interval.measured().getTotalCount()) {
      warmup.reset();
      warmup.add(interval.latencies());
      warmup.subtract(interval.measured());
      write(start, end, warmup, WARMUP);
    }
    if (interval.connects().getTotalCount() > 0) {
      write(start, end, interval.connects(), CONNECT);
    }
  }

  private void write(double start, double end, Histogram histogram, String tag) {
    copy.reset();
    copy.add(histogram);
    copy.setTag(tag);
    writer.outputIntervalHistogram(start, end, copy, NANOS_PER_MILLI);
  }

  /** Flushes and closes the file; a write that failed on the way is reported here. */
  @Override
  public void close() throws IOException {
    out.flush();
    boolean failed = out.checkError();
    out.close();
    if (failed) {
      throw new IOException("could not write the interval log");
    }
  }
}
