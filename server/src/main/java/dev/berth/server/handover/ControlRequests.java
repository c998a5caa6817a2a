package dev.berth.server.handover;

/**
 * What a running server answers on its control socket besides a handover: the {@code berth ctl}
 * requests, one line each ({@code BERTH/1 STATUS}, {@code BERTH/1 FAULTS-SET ...}; see
 * docs/operations.md).
 */
@FunctionalInterface
public interface ControlRequests {

  /** The version prefix of every request line. */
  String PREFIX = "BERTH/1 ";

  /**
   * The reply to {@code request} (the line without its prefix): {@code OK} and a body on the
   * following lines, or {@code ERROR} and one line saying why.
   */
  String answer(String request);
}
