package dev.berth.client;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * A client exchange that failed at run time. The message is one line a person understands, such
 * as {@code cannot connect to 127.0.0.1:12345: connection refused}; {@link #kind()} says what
 * happened for programs that react to it.
 */
public final class ClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The host name did not resolve. */
    UNKNOWN_HOST,
    /** Nothing listens on the port. */
    REFUSED,
    /** The connection was not established within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The exchange did not finish within its timeout. */
    TIMEOUT,
    /** The server closed its side in the middle of a reply. */
    CLOSED_MID_MESSAGE,
    /** The server closed with messages unanswered: resend is off, or they were resent in vain. */
    UNANSWERED,
    /** A reply broke the framing or a limit. */
    PROTOCOL,
    /** Any other I/O failure, such as a reset connection. */
    IO
  }

  private final Kind kind;

  public ClientException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ClientException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** Describes a failed connection attempt to {@code target} (written {@code host:port}). */
  public static ClientException connectFailed(String target, Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return new ClientException(Kind.CONNECT_TIMEOUT, "cannot connect to " + target + ": timed out", cause);
    }
    if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
      return new ClientException(Kind.UNKNOWN_HOST, "cannot connect to " + target + ": unknown host", cause);
    }
    String reason = describe(cause);
    if (cause instanceof ConnectException && reason.contains("refused")) {
      return new ClientException(Kind.REFUSED, "cannot connect to " + target + ": connection refused", cause);
    }
    return new ClientException(Kind.IO, "cannot connect to " + target + ": " + reason, cause);
  }

  /**
   * A short lower-case description of an I/O failure, e.g. {@code connection reset by peer} or
   * {@code no such file}: the reason only, without the native call or the path.
   */
  public static String describe(Throwable cause) {
    return IoErrors.describe(cause);
  }
}
