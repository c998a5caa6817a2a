package dev.berth.server.counters;

import dev.berth.protocol.ProtocolException;
import java.util.concurrent.atomic.LongAdder;

/**
 * One listener's traffic and connection counters. The hot path only adds to striped {@link
 * LongAdder}s, so counting costs no allocation and no contention between event loops; the
 * metrics endpoint reads them when it is scraped.
 */
public final class ServerCounters {

  private final LongAdder connectionsAccepted = new LongAdder();
  private final LongAdder connectionsActive = new LongAdder();
  private final LongAdder[] connectionsRejected = adders(RejectReason.values().length);
  private final LongAdder[] connectionsClosed = adders(CloseCause.values().length);
  private final LongAdder[] protocolErrors = adders(ProtocolException.Reason.values().length);
  private final LongAdder[] faultsInjected = adders(FaultKind.values().length);
  private final LongAdder messagesReceived = new LongAdder();
  private final LongAdder messagesSent = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  /** A connection was admitted: accepted, and open until {@link #connectionEnded()}. */
  public void connectionAccepted() {
    connectionsAccepted.increment();
    connectionsActive.increment();
  }

  /** An admitted connection is closed (why is counted by {@link #connectionClosed}). */
  public void connectionEnded() {
    connectionsActive.decrement();
  }

  public void connectionRejected(RejectReason reason) {
    connectionsRejected[reason.ordinal()].increment();
  }

  public void connectionClosed(CloseCause cause) {
    connectionsClosed[cause.ordinal()].increment();
  }

  public void protocolError(ProtocolException.Reason reason) {
    protocolErrors[reason.ordinal()].increment();
  }

  public void faultInjected(FaultKind kind) {
    faultsInjected[kind.ordinal()].increment();
  }

  public void messageReceived() {
    messagesReceived.increment();
  }

  public void messageSent() {
    messagesSent.increment();
  }

  /** Counts {@code count} messages received at once (an echo relay passes several in one buffer). */
  public void addMessagesReceived(long count) {
    messagesReceived.add(count);
  }

  public void addMessagesSent(long count) {
    messagesSent.add(count);
  }

  public void bytesReceived(long bytes) {
    bytesReceived.add(bytes);
  }

  public void bytesSent(long bytes) {
    bytesSent.add(bytes);
  }

  public long connectionsAccepted() {
    return connectionsAccepted.sum();
  }

  /** Admitted connections open now. */
  public long connectionsActive() {
    return connectionsActive.sum();
  }

  public long connectionsRejected(RejectReason reason) {
    return connectionsRejected[reason.ordinal()].sum();
  }

  public long connectionsClosed(CloseCause cause) {
    return connectionsClosed[cause.ordinal()].sum();
  }

  public long protocolErrors(ProtocolException.Reason reason) {
    return protocolErrors[reason.ordinal()].sum();
  }

  public long faultsInjected(FaultKind kind) {
    return faultsInjected[kind.ordinal()].sum();
  }

  public long messagesReceived() {
    return messagesReceived.sum();
  }

  public long messagesSent() {
    return messagesSent.sum();
  }

  public long bytesReceived() {
    return bytesReceived.sum();
  }

  public long bytesSent() {
    return bytesSent.sum();
  }
}
