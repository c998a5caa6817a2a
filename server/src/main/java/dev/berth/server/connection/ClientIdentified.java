package dev.berth.server.connection;

/**
 * A user event: the connection's client is known, its PROXY header read. Until then a listener
 * that takes PROXY headers holds back the greeting, whose {@code {client}} is that client.
 */
public final class ClientIdentified {

  public static final ClientIdentified INSTANCE = new ClientIdentified();

  private ClientIdentified() {}
}
