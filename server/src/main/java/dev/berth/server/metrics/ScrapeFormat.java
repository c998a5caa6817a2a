package dev.berth.server.metrics;

/** The exposition formats {@code /metrics} writes, chosen by the request's {@code Accept} header. */
public enum ScrapeFormat {
  /** Prometheus text format 0.0.4: the default, and what {@code promtool check metrics} reads. */
  TEXT("text/plain; version=0.0.4; charset=utf-8"),
  /** OpenMetrics 1.0, which Prometheus asks for first. */
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  // The registry picks its writer by this header value, so it is both request and response type.
  private final String contentType;

  ScrapeFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** OpenMetrics when {@code accept} names it, else text; never protobuf, which we do not serve. */
  public static ScrapeFormat forAccept(String accept) {
    return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
  }
}
