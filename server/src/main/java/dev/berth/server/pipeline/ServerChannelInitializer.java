package dev.berth.server.pipeline;

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
import dev.berth.server.connection.IdleTimeoutHandler;
import dev.berth.server.connection.MessageHandler;
import dev.berth.server.connection.TrafficCounter;
import dev.berth.server.counters.ServerCounters;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * Builds each connection's pipeline. Inbound bytes flow top to bottom, replies bottom to top:
 *
 * <pre>
 * traffic    counts bytes on the wire (first, so it sees framing bytes too)
 * decoder    bytes → messages (line or length; none in raw). In echo mode a relay that passes
 *            complete messages on as their wire bytes, which are the reply as they are
 * encoder    replies → framed bytes (a line ends the way the line it answers ended)
 * idle       fires an idle event after --idle-timeout without progress: behind the decoder, it
 *            sees whole messages, so bytes that never finish one (slowloris) do not count
 * messages   the mode: message → reply; backpressure
 * lifecycle  peer FIN, protocol errors, idle, drain, I/O errors → how and why the connection ends
 * </pre>
 *
 * Connections past {@code --max-connections} are closed before any handler is added.
 */
public final class ServerChannelInitializer extends ChannelInitializer<Channel> {

  private final ServerConfig config;
  private final ConnectionTracker tracker;
  private final ServerCounters counters;
  private final TrafficCounter trafficCounter;
  private final byte[] greeting;

  /** @param greeting the payload sent once on connect, or {@code null} */
  public ServerChannelInitializer(
      ServerConfig config, byte[] greeting, ConnectionTracker tracker, ServerCounters counters) {
    this.config = config;
    this.tracker = tracker;
    this.counters = counters;
    this.trafficCounter = new TrafficCounter(counters);
    this.greeting = greeting;
  }

  @Override
  protected void initChannel(Channel channel) {
    if (!tracker.tryAdmit(channel)) {
      channel.close();
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(HandlerNames.TRAFFIC, trafficCounter);
    if (config.framing() != Framing.RAW) {
      pipeline.addLast(HandlerNames.DECODER, decoder());
      pipeline.addLast(HandlerNames.ENCODER, encoder());
    }
    if (!config.idleTimeout().isZero()) {
      pipeline.addLast(HandlerNames.IDLE, new IdleTimeoutHandler(config.idleTimeout()));
    }
    MessageHandler messages =
        new MessageHandler(config.mode().transform(), greeting, counters, config.framing() != Framing.RAW);
    pipeline.addLast(HandlerNames.MESSAGES, messages);
    pipeline.addLast(HandlerNames.LIFECYCLE,
        new ConnectionLifecycleHandler(counters, tracker, messages, config.drainGrace()));
  }

  /**
   * An echo is the message byte for byte: the relays pass messages on without taking them apart,
   * and the length relay streams a frame over --max-frame instead of refusing it.
   */
  private ChannelHandler decoder() {
    boolean echo = config.mode() == Mode.ECHO;
    if (config.framing() == Framing.LINE) {
      return echo ? new LineFrameRelay(config.maxLine()) : LineFrameDecoder.withTerminators(config.maxLine());
    }
    return echo ? new LengthFrameRelay(config.maxFrame()) : new LengthFrameDecoder(config.maxFrame());
  }

  private ChannelHandler encoder() {
    return config.framing() == Framing.LINE ? LineFrameEncoder.INSTANCE : LengthFrameEncoder.INSTANCE;
  }
}
