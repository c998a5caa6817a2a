package dev.berth.protocol;

import io.netty.handler.codec.DecoderException;
import java.util.Locale;

/** A peer broke the wire format; {@link #reason()} says how, for metrics and logs. */
public final class ProtocolException extends DecoderException {

  private static final long serialVersionUID = 1L;

  /** Why a connection's input was rejected. */
  public enum Reason {
    /** A line longer than the line limit. */
    LINE_TOO_LONG,
    /** A length-framed payload larger than the frame limit. */
    FRAME_TOO_LONG,
    /**
     * A length field below 8, which cannot count its own header, or above 2<sup>48</sup>, which no
     * real frame is (eight bytes of text read as a length always are).
     */
    BAD_LENGTH,
    /** The peer ended its side in the middle of a message. */
    TRUNCATED,
    /** A PROXY protocol header that is missing, malformed, of the wrong version, or too slow to come. */
    PROXY_HEADER,
    /** TLS on a plain port, or plain text on a TLS port. */
    TLS_MISMATCH;

    /** The label used in metrics, e.g. {@code line_too_long}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;
  private final String detail;

  public ProtocolException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * @param detail what was wrong, e.g. {@code length 7 is below 8}
   * @param looksLike what the bytes look like instead, e.g. {@code text on a length-framed port},
   *     appended to the message as {@code (looks like ...)}; {@code null} when nothing fits
   */
  public ProtocolException(Reason reason, String detail, String looksLike) {
    super(looksLike == null ? detail : detail + " (looks like " + looksLike + ")");
    this.reason = reason;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  /**
   * The message without the guess at what the peer speaks instead: for a reader that makes its
   * own guess, such as a client that knows which framing it asked for.
   */
  public String detail() {
    return detail;
  }

  // Thrown once per bad connection; the stack trace would only show Netty's decode loop.
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
