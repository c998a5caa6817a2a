package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reverses a message by UTF-8 code point. Each well-formed UTF-8 sequence moves as one unit;
 * each byte that is not part of one (a stray continuation byte, a truncated sequence, an
 * overlong form or an encoded surrogate) moves as a unit of its own, so no byte is lost.
 */
final class Utf8Reverser {

  private Utf8Reverser() {}

  /** Returns a new buffer with the code points of {@code in}'s readable bytes in reverse order. */
  static ByteBuf reverse(ByteBuf in, ByteBufAllocator alloc) {
    int start = in.readerIndex();
    int size = in.readableBytes();
    ByteBuf out = alloc.ioBuffer(size);
    out.writerIndex(size);
    int offset = 0;
    while (offset < size) {
      int length = sequenceLength(in, start + offset, size - offset);
      // The unit at [offset, offset+length) lands at the mirror position in the output. Byte by
      // byte: a unit is at most 4 bytes, and a buffer-to-buffer copy this short costs more (and
      // allocates, with some buffers) than the copy itself.
      int target = size - offset - length;
      for (int i = 0; i < length; i++) {
        out.setByte(target + i, in.getByte(start + offset + i));
      }
      offset += length;
    }
    return out;
  }

  /** Length of the well-formed sequence at {@code index}, or 1 if there is none. */
  static int sequenceLength(ByteBuf buf, int index, int available) {
    int lead = buf.getByte(index) & 0xFF;
    if (lead < 0x80) {
      return 1;
    }
    int length;
    int secondMin = 0x80;
    int secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) {
        secondMin = 0xA0; // no overlong forms
      } else if (lead == 0xED) {
        secondMax = 0x9F; // no UTF-16 surrogates
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) {
        secondMin = 0x90; // no overlong forms
      } else if (lead == 0xF4) {
        secondMax = 0x8F; // nothing above U+10FFFF
      }
    } else {
      return 1;
    }
    if (available < length) {
      return 1;
    }
    int second = buf.getByte(index + 1) & 0xFF;
    if (second < secondMin || second > secondMax) {
      return 1;
    }
    for (int i = 2; i < length; i++) {
      int next = buf.getByte(index + i) & 0xFF;
      if (next < 0x80 || next > 0xBF) {
        return 1;
      }
    }
    return length;
  }
}
