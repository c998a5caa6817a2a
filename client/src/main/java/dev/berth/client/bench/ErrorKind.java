package dev.berth.client.bench;

import java.util.Locale;

/** The ways a bench message or connection can go wrong, as counted in the report. */
public enum ErrorKind {
  /** A connection attempt failed: nothing listening, or no address or port to connect from. */
  REFUSED,
  /** An open connection failed with an I/O error, typically a reset (RST). */
  RESET,
  /** A reply did not arrive within the reply timeout, or a connection within the connect timeout. */
  TIMEOUT,
  /** A reply's bytes differ from the message sent. */
  MISMATCH,
  /** A reply never came: the server skipped it, or closed without it even after a resend. */
  LOST;

  /** The name used in the table and the JSON, e.g. {@code mismatch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
