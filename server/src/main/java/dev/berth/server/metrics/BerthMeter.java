package dev.berth.server.metrics;

/**
 * Every {@code berth_*} meter, in one place. The Micrometer names are dotted; the Prometheus
 * registry turns {@code berth.connections.accepted} into {@code berth_connections_accepted_total}
 * (counters gain {@code _total}), which is the name in the contract. No meter is tagged by
 * remote address: one time series per peer would grow without bound.
 */
public enum BerthMeter {
  INFO("berth.info", "Always 1; the labels say which berth this is (version, instance_id, transport, framing, mode)"),
  LISTENERS("berth.listeners",
      "Always 1 per listener; the labels say what it serves (protocol, framing, mode, tls, proxy_protocol)"),
  CONNECTIONS_ACTIVE("berth.connections.active", "Connections open now"),
  CONNECTIONS_ACCEPTED("berth.connections.accepted", "Connections accepted and admitted"),
  CONNECTIONS_REJECTED("berth.connections.rejected", "Connections closed as soon as accepted, by reason"),
  CONNECTIONS_CLOSED("berth.connections.closed", "Connections ended, by cause"),
  MESSAGES_RECEIVED("berth.messages.received", "Messages received (line and length framing)"),
  MESSAGES_SENT("berth.messages.sent", "Messages sent: replies and greetings (line and length framing)"),
  BYTES_RECEIVED("berth.bytes.received", "Bytes received on the wire, framing included"),
  BYTES_SENT("berth.bytes.sent", "Bytes sent on the wire, framing included"),
  PROTOCOL_ERRORS("berth.protocol.errors", "Connections that broke the wire format, by reason"),
  FAULTS_INJECTED("berth.faults.injected", "Faults injected on purpose, by kind"),
  DRAINING("berth.draining", "1 while the server drains, else 0"),
  TLS_HANDSHAKES("berth.tls.handshakes", "TLS handshakes, by listener, result (ok, failed, timeout) and version"),
  TLS_CERTIFICATE_EXPIRY("berth.tls.certificate.expiry",
      "When the served TLS certificate expires (its notAfter), as a Unix time in seconds"),
  TLS_RELOADS("berth.tls.reloads", "TLS certificate reloads (SIGHUP, file change), by result (ok, failed)"),
  TCP_MIGRATE_REQ("berth.tcp.migrate.req",
      "The kernel's net.ipv4.tcp_migrate_req: 1 moves a stopping instance's queued connections to "
          + "another instance on the port, 0 resets them, -1 unknown (not Linux 5.14 or later)");

  /** Tag of every connection and message meter: the listener's name. */
  public static final String LISTENER = "listener";
  /** Tag of {@link #CONNECTIONS_REJECTED} and {@link #PROTOCOL_ERRORS}. */
  public static final String REASON = "reason";
  /** Tag of {@link #FAULTS_INJECTED}. */
  public static final String KIND = "kind";
  /** Tag of {@link #CONNECTIONS_CLOSED}. */
  public static final String CAUSE = "cause";
  /** Tag of {@link #TLS_HANDSHAKES} and {@link #TLS_RELOADS}. */
  public static final String RESULT = "result";
  /** Tag of {@link #TLS_HANDSHAKES}: the TLS version agreed. */
  public static final String VERSION = "version";

  private final String meterName;
  private final String description;

  BerthMeter(String meterName, String description) {
    this.meterName = meterName;
    this.description = description;
  }

  /** The Micrometer name, e.g. {@code berth.connections.accepted}. */
  public String meterName() {
    return meterName;
  }

  /** The help text shown in the exposition. */
  public String description() {
    return description;
  }
}
