package dev.berth.config;

/** How berth writes addresses: {@code host:port}, an IPv6 host in brackets ({@code [::1]:80}). */
public final class Addresses {

  private Addresses() {}

  public static String format(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
