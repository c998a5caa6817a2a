package dev.berth.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address and a port as written on the command line: {@code 192.0.2.7:4711} or {@code
 * [2001:db8::7]:4711}. Only literal addresses: no name is looked up. The port's range is the
 * configuration record's to check.
 */
public record IpPort(InetAddress address, int port) {

  /** Parses {@code IP:PORT}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static IpPort parse(String text) {
    String trimmed = text.strip();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw notIpPort(text);
    }
    String ip = trimmed.substring(0, colon);
    if (ip.startsWith("[") && ip.endsWith("]")) {
      ip = ip.substring(1, ip.length() - 1);
    } else if (ip.contains(":")) {
      // An IPv6 address needs its brackets, or its last group would read as the port.
      throw notIpPort(text);
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
    if (bytes == null) {
      throw notIpPort(text);
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw notIpPort(text);
    }
    try {
      return new IpPort(InetAddress.getByAddress(bytes), port);
    } catch (UnknownHostException e) {
      throw notIpPort(text);
    }
  }

  /** {@code 192.0.2.7:4711}, {@code [2001:db8::7]:4711}. */
  @Override
  public String toString() {
    return Addresses.format(NetUtil.toAddressString(address), port);
  }

  private static IllegalArgumentException notIpPort(String text) {
    return new IllegalArgumentException("not IP:PORT: \"" + text + "\" (e.g. 192.0.2.7:4711 or [2001:db8::7]:4711)");
  }
}
