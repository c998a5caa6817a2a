package dev.berth.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** Binding a listening socket, with a usage error for a name that does not resolve. */
final class Binding {

  private Binding() {}

  static InetSocketAddress resolve(String option, String host, int port) throws ServerStartException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw ServerStartException.usage(option + ": cannot resolve \"" + host + "\"");
    }
    return address;
  }

  /** Binds; a failure becomes a {@link ServerStartException} with the line {@code describeFailure} makes. */
  static Channel bind(ServerBootstrap bootstrap, InetSocketAddress address,
      Function<Exception, String> describeFailure) throws ServerStartException {
    try {
      return bootstrap.bind(address).sync().channel();
    } catch (Exception e) {
      throw ServerStartException.runtime(describeFailure.apply(e), e);
    }
  }

  /** {@code host:port}, with an IPv6 host in brackets. */
  static String format(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
