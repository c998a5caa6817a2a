package dev.berth.client.bench;

import dev.berth.client.ClientTransport;
import dev.berth.client.ConnectionFront;
import dev.berth.config.BenchConfig;
import dev.berth.protocol.Framing;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What every connection slot of one run shares: its settings, counters and the stop signal. */
final class BenchRun {

  final BenchConfig config;
  final ClientTransport transport;
  final InetSocketAddress address;
  /** The PROXY header and TLS of every connection; every TLS connection makes a full handshake. */
  final ConnectionFront front;
  final FrameTemplate template;
  final BenchCounters counters = new BenchCounters();
  private final CountDownLatch slotsRunning;
  private volatile boolean stopping;

  BenchRun(BenchConfig config, ClientTransport transport, InetSocketAddress address, ConnectionFront front) {
    this.config = config;
    this.transport = transport;
    this.address = address;
    this.front = front;
    // A datagram is a message: no framing.
    this.template = new FrameTemplate(config.udp() ? Framing.RAW : config.framing(), config.size());
    this.slotsRunning = new CountDownLatch(config.connections());
  }

  /** How often a sender looks for replies overdue: a quarter of the timeout, from 1 ms to 250 ms. */
  long timeoutCheckPeriodNanos() {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(config.timeout().toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(250)));
  }

  /** Whether the measured time is over: no new messages, only replies to those in flight. */
  boolean stopping() {
    return stopping;
  }

  void stop() {
    stopping = true;
  }

  void slotStopped() {
    slotsRunning.countDown();
  }

  CountDownLatch slotsRunning() {
    return slotsRunning;
  }
}
