package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** The transforms behind each {@link Mode}. */
final class MessageTransforms {

  private static final byte[] HELLO_PREFIX = "Hello, ".getBytes(StandardCharsets.US_ASCII);

  static final MessageTransform ECHO = (message, alloc) -> message;

  static final MessageTransform DISCARD = (message, alloc) -> {
    message.release();
    return null;
  };

  static final MessageTransform HELLO = (message, alloc) -> {
    try {
      ByteBuf reply = alloc.ioBuffer(HELLO_PREFIX.length + message.readableBytes() + 1);
      return FrameWriter.append(reply.writeBytes(HELLO_PREFIX), message).writeByte('!');
    } finally {
      message.release();
    }
  };

  static final MessageTransform REVERSE = (message, alloc) -> {
    try {
      return Utf8Reverser.reverse(message, alloc);
    } finally {
      message.release();
    }
  };

  private MessageTransforms() {}
}
