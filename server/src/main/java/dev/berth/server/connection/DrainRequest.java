package dev.berth.server.connection;

/**
 * A user event asking a connection to finish: take no new message, answer what was received,
 * half-close, and read and discard until the peer closes.
 */
public final class DrainRequest {

  public static final DrainRequest INSTANCE = new DrainRequest();

  private DrainRequest() {}
}
