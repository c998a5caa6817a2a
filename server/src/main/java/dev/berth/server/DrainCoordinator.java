package dev.berth.server;

import dev.berth.protocol.FrameDecoder;
import dev.berth.server.handler.DrainRequest;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks every open connection to finish, idle ones first, spread evenly over a short interval so
 * that thousands of clients do not all reconnect to the other instances in the same millisecond.
 */
final class DrainCoordinator {

  /** The longest spread; a drain timeout shorter than four times this shortens it. */
  static final Duration MAX_SPREAD = Duration.ofSeconds(1);

  private DrainCoordinator() {}

  static void drain(Iterable<Channel> connections, Duration drainTimeout) {
    List<Channel> order = new ArrayList<>();
    connections.forEach(order::add);
    order.sort(Comparator.comparing(DrainCoordinator::isBusy)); // false (idle) sorts first
    long spreadNanos = Math.min(MAX_SPREAD.toNanos(), drainTimeout.toNanos() / 4);
    long stepNanos = order.size() > 1 ? spreadNanos / order.size() : 0;
    for (int i = 0; i < order.size(); i++) {
      Channel channel = order.get(i);
      channel.eventLoop().schedule(
          () -> channel.pipeline().fireUserEventTriggered(DrainRequest.INSTANCE), i * stepNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A connection with replies still queued, or part of a message received, is in mid-exchange. */
  private static boolean isBusy(Channel channel) {
    if (channel.bytesBeforeUnwritable() < channel.config().getWriteBufferHighWaterMark()) {
      return true;
    }
    FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
    return decoder != null && decoder.hasPartialMessage();
  }
}
