package dev.berth.server.proxy;

import dev.berth.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

/**
 * Parses one complete PROXY header with Netty's {@link HAProxyMessageDecoder}, run on a channel of
 * its own: on a malformed header the decoder closes its channel at once, which on the client's
 * connection would reset it with input unread. Here it closes only the parser, and the caller
 * ends the connection the way berth ends every protocol error, with a FIN.
 */
final class ProxyHeaders {

  private ProxyHeaders() {}

  /** The header's fields; takes ownership of {@code header}. */
  static HAProxyMessage parse(ByteBuf header) {
    EmbeddedChannel parser = new EmbeddedChannel(new HAProxyMessageDecoder());
    try {
      parser.writeInbound(header);
      HAProxyMessage message = parser.readInbound();
      if (message == null) {
        throw new ProtocolException(ProtocolException.Reason.PROXY_HEADER, "malformed PROXY header");
      }
      return message;
    } catch (ProtocolException e) {
      throw e;
    } catch (RuntimeException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new ProtocolException(ProtocolException.Reason.PROXY_HEADER, "malformed PROXY header: " + why);
    } finally {
      parser.finishAndReleaseAll();
    }
  }
}
