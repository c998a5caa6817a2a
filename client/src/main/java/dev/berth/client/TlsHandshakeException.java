package dev.berth.client;

import java.io.IOException;

/** A TLS handshake that failed, with the reason in words (see {@link ConnectionFront#ready}). */
public final class TlsHandshakeException extends IOException {

  private static final long serialVersionUID = 1L;

  private final boolean timedOut;

  TlsHandshakeException(String reason, boolean timedOut, Throwable cause) {
    super(reason, cause);
    this.timedOut = timedOut;
  }

  /** Whether the handshake did not finish in time (rather than failing). */
  public boolean timedOut() {
    return timedOut;
  }
}
