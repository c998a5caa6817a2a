package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Writes a payload with its framing bytes. A small payload is copied into one buffer with its
 * header or terminator (one buffer, one iovec: cheaper than a gather write for a few bytes); a
 * large one is written as two buffers so its bytes are never copied.
 */
final class FrameWriter {

  /** Payloads up to this size are copied; it is about where a copy starts to cost more than an iovec. */
  static final int COPY_THRESHOLD = 1024;

  private FrameWriter() {}

  static void writeLengthFramed(ChannelHandlerContext ctx, ByteBuf payload, ChannelPromise promise) {
    int size = payload.readableBytes();
    long length = size + (long) LengthFrameDecoder.HEADER_BYTES;
    if (size <= COPY_THRESHOLD) {
      ByteBuf frame = ctx.alloc().ioBuffer(size + LengthFrameDecoder.HEADER_BYTES);
      frame.writeLong(length).writeBytes(payload);
      payload.release();
      ctx.write(frame, promise);
    } else {
      ctx.write(ctx.alloc().ioBuffer(LengthFrameDecoder.HEADER_BYTES).writeLong(length), ctx.newPromise());
      ctx.write(payload, promise);
    }
  }

  static void writeLine(ChannelHandlerContext ctx, ByteBuf payload, boolean crLf, ChannelPromise promise) {
    int size = payload.readableBytes();
    int terminator = crLf ? 2 : 1;
    ByteBuf target;
    if (size <= COPY_THRESHOLD) {
      target = ctx.alloc().ioBuffer(size + terminator).writeBytes(payload);
      payload.release();
    } else {
      ctx.write(payload, ctx.newPromise());
      target = ctx.alloc().ioBuffer(terminator);
    }
    if (crLf) {
      target.writeByte('\r');
    }
    ctx.write(target.writeByte('\n'), promise);
  }
}
