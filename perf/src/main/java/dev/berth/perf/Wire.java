package dev.berth.perf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Inputs and sinks shared by the benchmarks. */
final class Wire {

  private Wire() {}

  /** {@code count} messages of {@code size} payload bytes each, framed as {@code framing} says. */
  static byte[] messages(String framing, int size, int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      if (framing.equals("length")) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(8L + size).array());
      }
      out.writeBytes(payload(size));
      if (framing.equals("line")) {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** Letters and digits, never a newline, so the same payload serves both framings. */
  static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) "abcdefghijklmnopqrstuvwxyz0123456789".charAt(i % 36);
    }
    return bytes;
  }

  /** A direct buffer, as a socket read gives, holding {@code bytes}. */
  static ByteBuf direct(byte[] bytes) {
    return ByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
  }

  /**
   * Hands {@code input} to the pipeline as one socket read would, and then reads it again from the
   * start next time: the pipeline releases what it is given, so it is retained first.
   */
  static void read(EmbeddedChannel channel, ByteBuf input) {
    input.readerIndex(0).retain();
    channel.pipeline().fireChannelRead(input);
    channel.pipeline().fireChannelReadComplete();
  }

  /** Takes (and releases) everything written to the socket; returns the bytes. */
  static long drainOutbound(EmbeddedChannel channel) {
    long bytes = 0;
    for (Object msg; (msg = channel.readOutbound()) != null; ) {
      bytes += ((ByteBuf) msg).readableBytes();
      ReferenceCountUtil.release(msg);
    }
    return bytes;
  }

  /** The end of a decoder-only pipeline: counts what arrives, and releases it. */
  @ChannelHandler.Sharable
  static final class Sink extends ChannelInboundHandlerAdapter {
    long messages;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      messages++;
      ReferenceCountUtil.release(msg);
    }
  }
}
