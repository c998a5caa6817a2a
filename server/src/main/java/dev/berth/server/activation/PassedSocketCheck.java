package dev.berth.server.activation;

import dev.berth.config.ConfigException;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * Checks that a passed descriptor is what berth can adopt: a listening TCP socket, as a socket
 * unit's {@code ListenStream=} with an address or port makes. Anything else (a UDP socket, a Unix
 * socket, a connection from {@code Accept=yes}, a descriptor that is not open) is a configuration
 * error that says what it is.
 */
final class PassedSocketCheck {

  // getsockopt(2) names and values as Linux defines them (asm-generic, which every architecture
  // that Netty's epoll transport runs on uses).
  private static final int SOL_SOCKET = 1;
  private static final int SO_TYPE = 3;
  private static final int SO_ACCEPTCONN = 30;
  private static final int SO_PROTOCOL = 38;
  private static final int SO_DOMAIN = 39;
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_STREAM = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int IPPROTO_TCP = 6;

  private PassedSocketCheck() {}

  /**
   * The passed socket, once checked. Needs Netty's native library (loaded with the epoll
   * transport).
   */
  static Socket requireListeningTcp(PassedSocket passed) {
    Socket socket = null;
    String what;
    try {
      socket = new Socket(passed.fd()); // reads its address family: fails where fd is no socket
      what = whatItIs(socket);
    } catch (IOException | ChannelException e) {
      what = "not a socket here (" + e.getMessage() + ")";
    }
    if (what != null) {
      throw new ConfigException("systemd passed socket " + passed + ", which is " + what
          + ": berth adopts listening TCP sockets only (ListenStream= with Accept=no in the socket unit)");
    }
    return socket;
  }

  /** What the socket is when it is not a listening TCP socket; {@code null} when it is one. */
  private static String whatItIs(Socket socket) throws IOException {
    int domain = socket.getIntOpt(SOL_SOCKET, SO_DOMAIN);
    if (domain == AF_UNIX) {
      return "a Unix socket";
    }
    if (domain != AF_INET && domain != AF_INET6) {
      return "a socket of address family " + domain;
    }
    int type = socket.getIntOpt(SOL_SOCKET, SO_TYPE);
    if (type == SOCK_DGRAM) {
      return "a UDP socket";
    }
    if (type != SOCK_STREAM || socket.getIntOpt(SOL_SOCKET, SO_PROTOCOL) != IPPROTO_TCP) {
      return "an IP socket that is not TCP";
    }
    if (socket.getIntOpt(SOL_SOCKET, SO_ACCEPTCONN) == 0) {
      return "a TCP socket that is not listening (Accept=yes passes connections)";
    }
    return null;
  }
}
