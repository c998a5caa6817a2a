package dev.berth.server.handover;

/** A socket handover could not happen; the message says why in one line. */
public final class HandoverException extends Exception {

  private static final long serialVersionUID = 1L;

  public HandoverException(String message) {
    super(message);
  }

  public HandoverException(String message, Throwable cause) {
    super(message, cause);
  }
}
