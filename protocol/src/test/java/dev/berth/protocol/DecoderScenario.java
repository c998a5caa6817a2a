package dev.berth.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.TrackingAllocator;
import dev.berth.testing.wire.FuzzInput;
import dev.berth.testing.wire.ReferenceFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoder fed a stream read by read, checked against {@link ReferenceFraming}: the same
 * messages, the same error (once), nothing buffered past the limit, and every buffer released.
 */
final class DecoderScenario {

  private final FrameDecoder decoder;
  private final long maxBuffered;
  private final TrackingAllocator alloc = new TrackingAllocator();
  private final List<ReferenceFraming.Message> messages = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();

  /** @param maxBuffered the most bytes the decoder may hold between reads (the limit plus framing) */
  DecoderScenario(FrameDecoder decoder, long maxBuffered) {
    this.decoder = decoder;
    this.maxBuffered = maxBuffered;
  }

  /** Runs {@code input} and checks the outcome against {@code expected}. */
  void check(FuzzInput input, ReferenceFraming.Decoded expected) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder, new Collector());
    channel.config().setAllocator(alloc);
    try {
      // The cumulation grows to hold what it had plus a read; Netty doubles a buffer's capacity
      // as it grows and compacts it lazily, so up to four times that much may be allocated.
      long maxRetained = 4 * (maxBuffered + input.largestRead()) + 64;
      for (byte[] read : input.reads()) {
        channel.writeInbound(alloc.copyOf(read));
        assertThat((long) decoder.bufferedBytes()).as("bytes held after a read").isLessThanOrEqualTo(maxBuffered);
        assertThat(alloc.retainedBytes()).as("memory held after a read").isLessThanOrEqualTo(maxRetained);
      }
      if (input.flag(0)) {
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
      }
      channel.finishAndReleaseAll();

      assertThat(messages).as("messages").isEqualTo(expected.messages());
      assertThat(errors).as("errors").allSatisfy(e -> assertThat(e).isInstanceOf(ProtocolException.class));
      assertThat(errors.stream().map(e -> ((ProtocolException) e).reason().label()))
          .as("protocol errors").containsExactlyElementsOf(expectedErrors(expected));
      assertThat(alloc.unreleased()).as("buffers not released").isEmpty();
    } finally {
      alloc.releaseAll();
    }
  }

  /** The error the stream has, or else truncated when it ends inside a message (FIN or close alike). */
  private static List<String> expectedErrors(ReferenceFraming.Decoded expected) {
    if (expected.error() != null) {
      return List.of(expected.error());
    }
    return expected.partialBytes() > 0 ? List.of("truncated") : List.of();
  }


  private final class Collector extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf payload = msg instanceof Line ? ((Line) msg).content() : (ByteBuf) msg;
      try {
        boolean crLf = msg instanceof Line && ((Line) msg).endsWithCrLf();
        messages.add(new ReferenceFraming.Message(ByteBufUtil.getBytes(payload), crLf));
      } finally {
        payload.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      errors.add(cause);
    }
  }
}
