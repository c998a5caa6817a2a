package dev.berth.client;

import java.time.Duration;

/**
 * When messages a server left unanswered are sent again, for one stream of messages (a {@link
 * BerthClient}, or one connection slot of the bench). A draining server answers what it has
 * received and half-closes; what was sent after that is unanswered, and is resent on a new
 * connection, which with SO_REUSEPORT reaches another instance.
 *
 * <p>A connection opened to resend that the server closes again without any reply is
 * <em>fruitless</em>. During a rolling upgrade that happens when the new connection lands on an
 * instance that is itself just starting to drain, so a few are tried again; a server that answers
 * nothing at all (one in discard mode, say) is given up on after {@value #MAX_FRUITLESS_RESENDS}
 * fruitless connections in a row, so nothing loops. Not thread-safe: one stream uses it from its
 * event loop.
 */
public final class ResendPolicy {

  /** Fruitless resend connections in a row after which the unanswered messages are given up. */
  public static final int MAX_FRUITLESS_RESENDS = 3;
  /**
   * The pause before a new connection when the last one got no reply at all: a server that turns
   * connections away (over its connection limit, say) is not hammered.
   */
  public static final Duration RETRY_DELAY = Duration.ofMillis(50);

  /** What to do with the unanswered messages of a connection the server closed. */
  public enum Decision {
    /** Nothing was unanswered. */
    NOTHING_UNANSWERED,
    /** Send them again on a new connection. */
    RESEND,
    /** Resending is off: they are lost, as with a client such as nc. */
    NOT_RESENT,
    /**
     * They were resent and the server closed {@value ResendPolicy#MAX_FRUITLESS_RESENDS} + 1
     * connections in a row without answering: give them up.
     */
    GIVE_UP
  }

  private final boolean enabled;
  private boolean resending;
  private long repliesOnConnection;
  private int fruitless;

  /** @param enabled whether unanswered messages are resent at all */
  public ResendPolicy(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  /** A new connection is open, and {@code resent} messages are being sent on it again. */
  public void connectionOpened(long resent) {
    resending = resent > 0;
    repliesOnConnection = 0;
  }

  /** A reply arrived on the current connection: the server is answering again. */
  public void replyReceived() {
    repliesOnConnection++;
    fruitless = 0;
  }

  /** Whether the current (or last) connection got any reply; without one, reconnect after {@link #RETRY_DELAY}. */
  public boolean connectionAnswered() {
    return repliesOnConnection > 0;
  }

  /** The server closed the current connection with {@code unanswered} messages still owed a reply. */
  public Decision serverClosed(long unanswered) {
    if (unanswered == 0) {
      return Decision.NOTHING_UNANSWERED;
    }
    if (!enabled) {
      return Decision.NOT_RESENT;
    }
    if (resending && repliesOnConnection == 0 && ++fruitless > MAX_FRUITLESS_RESENDS) {
      fruitless = 0;
      return Decision.GIVE_UP;
    }
    return Decision.RESEND;
  }
}
