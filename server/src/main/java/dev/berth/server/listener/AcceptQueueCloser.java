package dev.berth.server.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Closes a listening socket once the connections the kernel has queued on it are accepted: right
 * after an accept batch that leaves its queue empty, or at a deadline. Closing a listening socket
 * resets every connection still in its queue; accepted first, they are served instead.
 *
 * <p>Under a steady stream of new connections the queue never empties by itself, so first the
 * socket's backlog is shrunk to zero (a second {@code listen(2)}, which only sets the limit):
 * from then on the kernel drops the SYNs of clients that arrive, and they retry and meet a
 * closed port (refused) or another instance on it, instead of joining the queue and being reset.
 * The queue is looked at, and the socket closed, on its own event loop right after an accept
 * batch, so no accept happens in between.
 */
final class AcceptQueueCloser extends ChannelInboundHandlerAdapter {

  private final Set<String> inodes;
  private final Promise<Integer> queuedAtClose;
  private ScheduledFuture<?> deadline;

  private AcceptQueueCloser(Set<String> inodes, Promise<Integer> queuedAtClose) {
    this.inodes = inodes;
    this.queuedAtClose = queuedAtClose;
  }

  /**
   * Closes {@code listener} once its queue is empty, or after {@code limitNanos} with whatever is
   * queued then. Runs on the listener's event loop.
   *
   * @param queuedAtClose completed with the connections still queued at the close, -1 where the
   *     queue cannot be read
   */
  static void closeWhenQueueIsEmpty(Channel listener, long limitNanos, Promise<Integer> queuedAtClose) {
    Set<String> inodes = ListeningSockets.inodes(List.of(listener));
    int queued = ListeningSockets.queued(inodes);
    if (queued <= 0 || limitNanos <= 0) {
      // Empty, or unknown (no way to tell when it empties): close now, as a plain stop would.
      close(listener, queued, queuedAtClose);
      return;
    }
    stopQueueing(listener);
    AcceptQueueCloser closer = new AcceptQueueCloser(inodes, queuedAtClose);
    listener.pipeline().addFirst(closer);
    closer.deadline = listener.eventLoop().schedule(
        () -> close(listener, ListeningSockets.queued(inodes), queuedAtClose), limitNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete();
    if (ListeningSockets.queued(inodes) == 0) {
      deadline.cancel(false);
      close(ctx.channel(), 0, queuedAtClose);
    }
  }

  /** A backlog of zero: the queue keeps what it holds and takes no more while it holds any. */
  private static void stopQueueing(Channel listener) {
    if (((UnixChannel) listener).fd() instanceof Socket) {
      try {
        ((Socket) ((UnixChannel) listener).fd()).listen(0);
      } catch (IOException e) {
        // The queue then fills as before: the deadline still ends the wait.
      }
    }
  }

  private static void close(Channel listener, int queued, Promise<Integer> queuedAtClose) {
    if (!queuedAtClose.isDone()) {
      listener.close().addListener(closed -> queuedAtClose.trySuccess(queued));
    }
  }
}
