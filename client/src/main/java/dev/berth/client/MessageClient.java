package dev.berth.client;

import java.time.Duration;

/**
 * One exchange of messages with a server: over a TCP connection ({@link BerthClient}) or as UDP
 * datagrams ({@link DatagramClient}). Replies go to the {@link MessageListener} given when it was
 * opened; failures are {@link ClientException}s with a one-line message.
 */
public interface MessageClient extends AutoCloseable {

  /** Sends one message; the array must not be changed afterwards. */
  void send(byte[] payload);

  /** There is nothing more to send: the exchange ends once the server has answered (see each client). */
  void finish();

  /** Waits until the exchange ends, within the configured timeout. */
  void awaitClosed();

  /** Waits until the exchange ends, within {@code limit} ({@link Duration#ZERO}: as long as it takes). */
  void awaitClosed(Duration limit);

  /** Whether the exchange has ended, successfully or not. */
  boolean isClosed();

  /** What was sent and received so far. */
  ClientStats stats();

  /** Ends the exchange at once and frees its thread. */
  @Override
  void close();
}
