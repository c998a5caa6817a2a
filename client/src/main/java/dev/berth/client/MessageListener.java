package dev.berth.client;

/**
 * Receives what the server sends. Called on the client's I/O thread, one call at a time and in
 * the order the server sent the messages, so it should not block for long.
 */
@FunctionalInterface
public interface MessageListener {

  /**
   * One message's payload, without its framing; with {@link dev.berth.protocol.Framing#RAW},
   * whatever bytes arrived together.
   */
  void onMessage(byte[] payload);
}
