package dev.berth.server;

/** The server could not start; the message is one line a person understands. */
public final class ServerStartException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean usageError;

  private ServerStartException(String message, boolean usageError, Throwable cause) {
    super(message, cause);
    this.usageError = usageError;
  }

  /** The configuration asks for something this machine cannot do (exit code 2). */
  public static ServerStartException usage(String message) {
    return new ServerStartException(message, true, null);
  }

  /** Starting failed at run time, e.g. the port is taken (exit code 1). */
  public static ServerStartException runtime(String message, Throwable cause) {
    return new ServerStartException(message, false, cause);
  }

  public boolean isUsageError() {
    return usageError;
  }
}
