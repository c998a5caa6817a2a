package dev.berth.client.bench;

/**
 * One stream of bench messages: a {@link Slot} (TCP connections) or a {@link DatagramSender} (a
 * UDP socket). Every method runs on the stream's event loop; each stream tells its {@link
 * BenchRun} once it has stopped.
 */
interface Sender {

  /** Starts sending. */
  void start();

  /** The measured time is over: send nothing new, stop once every reply is in (or given up). */
  void stop();

  /** The run is ending whatever the state: what is still in flight never got its reply in time. */
  void abort();
}
