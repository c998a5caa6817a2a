package dev.berth.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Recognises the start of a TLS connection, to tell a peer that speaks TLS to a plain port.
 *
 * <p>A TLS client begins with a handshake record carrying its ClientHello:
 *
 * <pre>
 *   byte 0    1       2       3       4
 * +-------+-------+-------+---------------+---------------------
 * | 0x16  | 0x03  | minor | length        | ClientHello ...
 * +-------+-------+-------+---------------+---------------------
 *   type    record version: 3.0 (SSL 3) to 3.3 (TLS 1.2, also sent by TLS 1.3 clients)
 * </pre>
 */
public final class TlsRecords {

  /** The content type of a handshake record, the first byte a TLS client sends. */
  public static final int HANDSHAKE = 0x16;
  /** How many bytes {@link #startsHandshake} needs. */
  public static final int HEADER_PREFIX = 3;

  private TlsRecords() {}

  /**
   * Whether the bytes at {@code start} begin a TLS handshake record: type 22, version 3.0 to 3.4.
   * False when fewer than {@link #HEADER_PREFIX} bytes are there.
   */
  public static boolean startsHandshake(ByteBuf in, int start) {
    return in.writerIndex() - start >= HEADER_PREFIX
        && in.getUnsignedByte(start) == HANDSHAKE
        && in.getUnsignedByte(start + 1) == 0x03
        && in.getUnsignedByte(start + 2) <= 0x04;
  }
}
