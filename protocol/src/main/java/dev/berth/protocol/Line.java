package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A line's payload, without its terminator, and whether that terminator was {@code \r\n}. A
 * reply made with {@link #replace} ends the same way, however much later it is written: the
 * terminator belongs to the message, not to the connection's state.
 *
 * <pre>
 * in:    | d o s \r \n |           out: Line("dos", crLf = true)
 * reply: Line("sod", crLf = true)  →    | s o d \r \n |
 * </pre>
 */
public final class Line extends DefaultByteBufHolder {

  private final boolean crLf;

  /** Takes ownership of {@code payload}. */
  public Line(ByteBuf payload, boolean crLf) {
    super(payload);
    this.crLf = crLf;
  }

  /** Whether the line ended in {@code \r\n} rather than {@code \n}. */
  public boolean endsWithCrLf() {
    return crLf;
  }

  /** The reply {@code payload}, to end the way this line ended. */
  @Override
  public Line replace(ByteBuf payload) {
    return new Line(payload, crLf);
  }

  @Override
  public Line retain() {
    super.retain();
    return this;
  }

  @Override
  public Line retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public Line touch() {
    super.touch();
    return this;
  }

  @Override
  public Line touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "Line(" + content().readableBytes() + " bytes" + (crLf ? ", CRLF)" : ")");
  }
}
