package dev.berth.client.bench;

/**
 * How a {@link Slot} uses connections. The slot keeps the messages, the replies and the resends;
 * the plan says how many messages one connection carries and when the next connection opens.
 */
enum ConnectionPlan {

  /** One connection with up to {@code pipeline} messages in flight, replaced when it ends. */
  LONG_LIVED {
    @Override
    long messagesPerConnection() {
      return Long.MAX_VALUE;
    }

    @Override
    void open(Slot slot) {
      slot.connect();
    }

    @Override
    void reopenAfterServerClose(Slot slot, boolean answered) {
      slot.reconnect(answered);
    }

    @Override
    boolean closedBeforeSendingLoses() {
      return false;
    }
  },

  /**
   * A fresh connection for each message (churn): opened when the message is due, closed once it
   * is answered. Without resend it is a one-shot client, as nc or a classic script.
   */
  CHURN {
    @Override
    long messagesPerConnection() {
      return 1;
    }

    @Override
    void open(Slot slot) {
      slot.connectWhenDue();
    }

    @Override
    void reopenAfterServerClose(Slot slot, boolean answered) {
      slot.connectWhenDue();
    }

    @Override
    boolean closedBeforeSendingLoses() {
      // A one-shot client sends into the connection all the same, and reads an EOF.
      return true;
    }
  };

  static ConnectionPlan of(boolean churn) {
    return churn ? CHURN : LONG_LIVED;
  }

  /** New messages one connection carries before it is closed and replaced. */
  abstract long messagesPerConnection();

  /** Opens the slot's next connection: at the start, after a spent connection, after giving messages up. */
  abstract void open(Slot slot);

  /** The server closed the connection with nothing left in flight; {@code answered}: it had replies. */
  abstract void reopenAfterServerClose(Slot slot, boolean answered);

  /** Whether, without resend, a server close before this connection's message went out loses it. */
  abstract boolean closedBeforeSendingLoses();
}
