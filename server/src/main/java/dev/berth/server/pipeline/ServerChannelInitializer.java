package dev.berth.server.pipeline;

import dev.berth.config.ListenerConfig;
import dev.berth.config.ProxyProtocol;
import dev.berth.config.ServerConfig;
import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.LengthFrameEncoder;
import dev.berth.protocol.LengthFrameRelay;
import dev.berth.protocol.LineFrameDecoder;
import dev.berth.protocol.LineFrameEncoder;
import dev.berth.protocol.LineFrameRelay;
import dev.berth.protocol.Mode;
import dev.berth.server.connection.ConnectionLifecycleHandler;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.connection.Greeting;
import dev.berth.server.connection.IdleTimeoutHandler;
import dev.berth.server.connection.InfoReplies;
import dev.berth.server.connection.MessageHandler;
import dev.berth.server.connection.Replies;
import dev.berth.server.connection.TrafficCounter;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.faults.ConnectionFaults;
import dev.berth.server.faults.Throttle;
import dev.berth.server.proxy.ProxyHeaderReader;
import dev.berth.server.tls.HandshakeCounters;
import dev.berth.server.tls.PlainPortTlsDetector;
import dev.berth.server.tls.ServerTls;
import dev.berth.server.tls.TlsErrorHandler;
import dev.berth.server.tls.TlsHandshakeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.util.function.BooleanSupplier;

/**
 * Builds the pipeline of each connection a listener accepts. Inbound bytes flow top to bottom,
 * replies bottom to top:
 *
 * <pre>
 * traffic    counts bytes on the wire (first, so it sees every byte, the PROXY header included)
 * proxy      with proxy-protocol on: reads the PROXY header, makes its source the client, leaves
 * tls-handshake  with TLS: counts the handshake, tells plain text at once, ends a failed one with
 *            a FIN; leaves once the handshake is done. In front of the SslHandler, whose close
 *            after a failure it has to catch
 * tls        with TLS: Netty's SslHandler (behind traffic: the byte counters count ciphertext)
 * tls-errors with TLS: passes the SslHandler's errors on as the I/O errors they are
 * tls-detector  without TLS, line or length framing: a TLS ClientHello is a protocol error;
 *            leaves after the first read
 * throttle   --throttle: paces the replies written (a pass-through while it is off); behind
 *            TLS, so it paces the replies, not the handshake
 * decoder    bytes → messages (line or length; none in raw). In echo mode a relay that passes
 *            complete messages on as their wire bytes, which are the reply as they are
 * encoder    replies → framed bytes (a line ends the way the line it answers ended)
 * idle       fires an idle event after --idle-timeout without progress: behind the decoder, it
 *            sees whole messages, so bytes that never finish one (slowloris) do not count
 * messages   the mode: message → reply; the greeting; backpressure; faults on purpose
 * lifecycle  peer FIN, protocol errors, idle, drain, I/O errors → how and why the connection ends
 * </pre>
 *
 * Connections past {@code --max-connections} are closed before any handler is added.
 */
public final class ServerChannelInitializer extends ChannelInitializer<Channel> {

  private final ServerConfig server;
  private final ListenerConfig listener;
  private final ConnectionTracker tracker;
  private final ServerCounters counters;
  private final ListenerFaults faults;
  private final TrafficCounter trafficCounter;
  private final Greeting greeting;
  private final Replies transform;
  /** The server's TLS when this listener has TLS on, else {@code null}. */
  private final ServerTls tls;
  private final HandshakeCounters handshakes;

  /**
   * @param counters those of {@code listener}
   * @param faults those of {@code listener}, as in effect now and later
   * @param tls the server's TLS, made at start when any listener has TLS on; {@code null} when none has
   */
  public ServerChannelInitializer(ServerConfig server, ListenerConfig listener, ConnectionTracker tracker,
      ServerCounters counters, ListenerFaults faults, ServerTls tls) {
    if (listener.tls() && tls == null) {
      throw new IllegalArgumentException("listener " + listener.name() + " has TLS on, but the server has no TLS");
    }
    this.tls = listener.tls() ? tls : null;
    this.handshakes = listener.tls() ? tls.handshakes(listener.name()) : null;
    this.server = server;
    this.listener = listener;
    this.tracker = tracker;
    this.counters = counters;
    this.faults = faults;
    this.trafficCounter = new TrafficCounter(counters);
    this.greeting = Greeting.of(listener, server.instanceId());
    this.transform = listener.mode() == Mode.INFO ? null : Replies.of(listener.mode().transform());
  }

  @Override
  protected void initChannel(Channel channel) {
    if (!tracker.tryAdmit(channel, counters)) {
      channel.close();
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(HandlerNames.TRAFFIC, trafficCounter);
    boolean proxied = listener.proxyProtocol() != ProxyProtocol.OFF;
    if (proxied) {
      pipeline.addLast(HandlerNames.PROXY, new ProxyHeaderReader(listener.proxyProtocol()));
    }
    if (tls != null) {
      SslHandler ssl = tls.newHandler(channel.alloc());
      pipeline.addLast(HandlerNames.TLS_HANDSHAKE, new TlsHandshakeHandler(ssl, handshakes, tls.handshakeTimeout()));
      pipeline.addLast(HandlerNames.TLS, ssl);
      pipeline.addLast(HandlerNames.TLS_ERRORS, TlsErrorHandler.INSTANCE);
    } else if (listener.framing() != Framing.RAW) {
      pipeline.addLast(HandlerNames.TLS_DETECTOR, new PlainPortTlsDetector());
    }
    ConnectionFaults connectionFaults = faults.forConnection();
    pipeline.addLast(HandlerNames.THROTTLE, new Throttle(connectionFaults));
    if (listener.framing() != Framing.RAW) {
      pipeline.addLast(HandlerNames.DECODER, decoder());
      pipeline.addLast(HandlerNames.ENCODER, encoder());
    }
    if (!server.idleTimeout().isZero()) {
      pipeline.addLast(HandlerNames.IDLE, new IdleTimeoutHandler(server.idleTimeout()));
    }
    Replies replies = transform != null ? transform : new InfoReplies(server.instanceId(), listener.name());
    MessageHandler messages = new MessageHandler(
        replies, greeting, counters, listener.framing() != Framing.RAW, proxied, connectionFaults);
    pipeline.addLast(HandlerNames.MESSAGES, messages);
    pipeline.addLast(HandlerNames.LIFECYCLE,
        new ConnectionLifecycleHandler(counters, tracker, messages, server.drainGrace()));
  }

  /**
   * An echo is the message byte for byte: the relays pass messages on without taking them apart,
   * and the length relay streams a frame over --max-frame instead of refusing it. While a fault
   * acts on each message, they pass them on one at a time.
   */
  private ChannelHandler decoder() {
    boolean echo = listener.mode() == Mode.ECHO;
    BooleanSupplier oneAtATime = () -> faults.current().perMessage();
    if (listener.framing() == Framing.LINE) {
      return echo
          ? new LineFrameRelay(server.maxLine(), oneAtATime) : LineFrameDecoder.withTerminators(server.maxLine());
    }
    return echo ? new LengthFrameRelay(server.maxFrame(), oneAtATime) : new LengthFrameDecoder(server.maxFrame());
  }

  private ChannelHandler encoder() {
    return listener.framing() == Framing.LINE ? LineFrameEncoder.INSTANCE : LengthFrameEncoder.INSTANCE;
  }
}
