package dev.berth.config;

/** Bad configuration: a usage error whose message names the key and where its value came from. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
