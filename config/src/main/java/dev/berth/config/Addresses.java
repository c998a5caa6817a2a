package dev.berth.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * How berth writes a socket address for people, in logs, errors and reports: {@code host:port},
 * an IPv6 address in brackets and in its RFC 5952 form ({@code [2001:db8::1]:80}), a host name as
 * it was given.
 */
public final class Addresses {

  private Addresses() {}

  /** {@code host:port}; e.g. {@code 127.0.0.1:12345}, {@code [::1]:12345}, {@code example.com:7}. */
  public static String format(String host, int port) {
    if (NetUtil.isValidIpV6Address(host)) {
      InetAddress address = NetUtil.createInetAddressFromIpAddressString(host);
      return "[" + (address != null ? NetUtil.toAddressString(address) : host) + "]:" + port;
    }
    return host + ":" + port;
  }

  /** The same for a socket address: its IP address when resolved, else the host name it holds. */
  public static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    return format(ip != null ? NetUtil.toAddressString(ip) : address.getHostString(), address.getPort());
  }
}
