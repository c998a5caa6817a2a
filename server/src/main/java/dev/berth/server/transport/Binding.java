package dev.berth.server.transport;

import dev.berth.config.ConfigException;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** Binding a listening socket: a name that does not resolve, and a failed bind, each said in one line. */
public final class Binding {

  private Binding() {}

  /** The address of {@code host:port}; a name that does not resolve is a configuration error of {@code option}. */
  public static InetSocketAddress resolve(String option, String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new ConfigException(option + ": cannot resolve \"" + host + "\"");
    }
    return address;
  }

  /**
   * Binds; a failure becomes a {@link BindException} whose message is the line {@code
   * describeFailure} makes of it.
   */
  public static Channel bind(AbstractBootstrap<?, ?> bootstrap, InetSocketAddress address,
      Function<Exception, String> describeFailure) throws BindException {
    try {
      return bootstrap.bind(address).sync().channel();
    } catch (Exception e) {
      BindException failure = new BindException(describeFailure.apply(e));
      failure.initCause(e);
      throw failure;
    }
  }
}
