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
      append(frame.writeLong(length), payload);
      payload.release();
      ctx.write(frame, promise);
    } else {
      ctx.write(ctx.alloc().ioBuffer(LengthFrameDecoder.HEADER_BYTES).writeLong(length), firstPart(ctx, promise));
      ctx.write(payload, promise);
    }
  }

  static void writeLine(ChannelHandlerContext ctx, ByteBuf payload, boolean crLf, ChannelPromise promise) {
    int size = payload.readableBytes();
    int terminator = crLf ? 2 : 1;
    ByteBuf target;
    if (size <= COPY_THRESHOLD) {
      target = append(ctx.alloc().ioBuffer(size + terminator), payload);
      payload.release();
    } else {
      ctx.write(payload, firstPart(ctx, promise));
      target = ctx.alloc().ioBuffer(terminator);
    }
    if (crLf) {
      target.writeByte('\r');
    }
    ctx.write(target.writeByte('\n'), promise);
  }

  /**
   * The promise for the first of two writes that make one frame; the second carries the caller's.
   * A caller that wants no promise (the server's handlers) gets none here either: a new promise
   * per large reply would be garbage on the hot path.
   */
  private static ChannelPromise firstPart(ChannelHandlerContext ctx, ChannelPromise promise) {
    return promise.isVoid() ? ctx.voidPromise() : ctx.newPromise();
  }

  /**
   * Appends {@code source}'s readable bytes to {@code target} without moving {@code source}'s
   * reader index. Copied by the source ({@code getBytes} into the target) because Netty 4.2's
   * adaptive buffers implement the other direction ({@code target.writeBytes(source)}) through
   * two temporary NIO buffers, about 130 bytes of garbage per copy; this way is a plain memory
   * copy (see docs/benchmarks.md, allocation per message).
   */
  static ByteBuf append(ByteBuf target, ByteBuf source) {
    int size = source.readableBytes();
    target.ensureWritable(size);
    source.getBytes(source.readerIndex(), target, target.writerIndex(), size);
    return target.writerIndex(target.writerIndex() + size);
  }
}
