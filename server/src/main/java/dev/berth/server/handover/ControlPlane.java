package dev.berth.server.handover;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What both ends of a handover share: the one-thread epoll loop that runs the Unix control socket
 * (whatever transport serves the traffic), the user check, and the one message of the protocol.
 *
 * <p>The handover protocol on the control socket, one line command per connection:
 * <ol>
 *   <li>the successor connects and sends {@link #TAKE}; the server checks with SO_PEERCRED that
 *       it runs as the same user (and closes the connection at once if not), sends each
 *       listening socket as a file descriptor (SCM_RIGHTS), and closes, which ends the list;
 *   <li>the successor adopts them, starts serving, connects again and sends {@link #READY}; the
 *       server checks that it comes from the process it handed the sockets to;
 *   <li>the server stops accepting on its copies (without closing the shared sockets) and drains.
 * </ol>
 * Until READY arrives the old server keeps serving, so a successor that dies half-way loses
 * nothing. Two connections, because a connection that receives descriptors reads nothing else.
 */
final class ControlPlane {

  /** The successor asks for the listening sockets. */
  static final String TAKE = "TAKE";
  /** The successor's confirmation that it serves the adopted sockets. */
  static final String READY = "READY";

  private ControlPlane() {}

  static void requireEpoll(String what) throws HandoverException {
    if (!Epoll.isAvailable()) {
      throw new HandoverException(what + " needs the epoll transport (Linux), which is not available here");
    }
  }

  static EventLoopGroup newLoop(String name) {
    return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true), EpollIoHandler.newFactory());
  }

  /** The user id this process runs as. */
  static int currentUid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }
}
