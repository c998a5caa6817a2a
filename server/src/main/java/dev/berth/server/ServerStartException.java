package dev.berth.server;

/**
 * The server could not start at run time (a port is taken, a takeover failed half-way): exit code
 * 1. The message is one line a person understands. A configuration this machine cannot run is a
 * {@link dev.berth.config.ConfigException} instead (exit code 2).
 */
public final class ServerStartException extends Exception {

  private static final long serialVersionUID = 1L;

  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
