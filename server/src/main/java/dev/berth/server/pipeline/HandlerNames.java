package dev.berth.server.pipeline;

/** Names of the handlers in a connection's pipeline, in pipeline order. */
public final class HandlerNames {

  public static final String TRAFFIC = "traffic";
  public static final String PROXY = "proxy";
  public static final String TLS_HANDSHAKE = "tls-handshake";
  public static final String TLS = "tls";
  public static final String TLS_ERRORS = "tls-errors";
  public static final String TLS_DETECTOR = "tls-detector";
  public static final String THROTTLE = "throttle";
  public static final String DECODER = "decoder";
  public static final String ENCODER = "encoder";
  public static final String IDLE = "idle";
  public static final String MESSAGES = "messages";
  public static final String LIFECYCLE = "lifecycle";

  private HandlerNames() {}
}
