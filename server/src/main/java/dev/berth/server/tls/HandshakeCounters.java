package dev.berth.server.tls;

import dev.berth.config.TlsConfig;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * One listener's TLS handshakes by result and version, as striped adders the event loops add to;
 * {@link TlsMeters} reads them when scraped. A handshake that failed or timed out has no agreed
 * version: its {@code version} label is {@link #UNKNOWN_VERSION} (the providers differ in what
 * they would say, and the JDK says nothing).
 */
public final class HandshakeCounters {

  /** How a handshake ended: the {@code result} label. */
  public enum Result {
    OK,
    FAILED,
    TIMEOUT;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The {@code version} label of a handshake that did not succeed. */
  public static final String UNKNOWN_VERSION = "unknown";

  /** Successful handshakes by version, in the order of {@link TlsConfig#KNOWN_PROTOCOLS}. */
  private final LongAdder[] ok = new LongAdder[TlsConfig.KNOWN_PROTOCOLS.size()];
  private final LongAdder failed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();

  HandshakeCounters() {
    for (int i = 0; i < ok.length; i++) {
      ok[i] = new LongAdder();
    }
  }

  /** A handshake that succeeded with {@code version}, one of {@link TlsConfig#KNOWN_PROTOCOLS}. */
  void succeeded(String version) {
    int index = TlsConfig.KNOWN_PROTOCOLS.indexOf(version);
    if (index < 0) {
      throw new IllegalArgumentException("version: " + version + " (expected: one of " + TlsConfig.KNOWN_PROTOCOLS + ")");
    }
    ok[index].increment();
  }

  void failed(boolean timeout) {
    (timeout ? timedOut : failed).increment();
  }

  public long count(Result result, String version) {
    switch (result) {
      case OK:
        int index = TlsConfig.KNOWN_PROTOCOLS.indexOf(version);
        return index < 0 ? 0 : ok[index].sum();
      case FAILED:
        return UNKNOWN_VERSION.equals(version) ? failed.sum() : 0;
      default:
        return UNKNOWN_VERSION.equals(version) ? timedOut.sum() : 0;
    }
  }

  /** The versions a result is shown with: the enabled ones for {@code ok}, else {@link #UNKNOWN_VERSION}. */
  static List<String> labelledVersions(Result result, List<String> enabled) {
    return result == Result.OK ? enabled : List.of(UNKNOWN_VERSION);
  }
}
