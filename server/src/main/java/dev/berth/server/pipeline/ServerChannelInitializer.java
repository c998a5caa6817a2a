package dev.berth.server.pipeline;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.LengthFrameEncoder;
import dev.berth.protocol.LengthFrameRelay;
import dev.berth.protocol.LineFrameDecoder;
import dev.berth.protocol.LineFrameEncoder;
import dev.berth.protocol.Mode;
import dev.berth.server.handler.ConnectionLifecycleHandler;
import dev.berth.server.handler.ConnectionTracker;
import dev.berth.server.handler.DrainRequest;
import dev.berth.server.handler.IdleTimeoutHandler;
import dev.berth.server.handler.MessageHandler;
import dev.berth.server.handler.TrafficCounter;
import dev.berth.server.metrics.ServerCounters;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * Builds each connection's pipeline. Inbound bytes flow top to bottom, replies bottom to top:
 *
 * <pre>
 * traffic    counts bytes on the wire (first, so it sees framing bytes too)
 * decoder    bytes → message payloads (line or length; none in raw)
 * encoder    reply payloads → framed bytes
 * idle       fires an idle event after --idle-timeout without progress: behind the decoder, it
 *            sees whole messages, so bytes that never finish one (slowloris) do not count
 * messages   the mode: message → reply; backpressure
 * lifecycle  peer FIN, protocol errors, idle, I/O errors → how and why the connection ends
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
    switch (config.framing()) {
      case LINE:
        LineFrameDecoder lineDecoder = new LineFrameDecoder(config.maxLine());
        pipeline.addLast(HandlerNames.DECODER, lineDecoder);
        pipeline.addLast(HandlerNames.ENCODER, new LineFrameEncoder(lineDecoder));
        break;
      case LENGTH:
        // An echo is the frame byte for byte: the relay passes frames on without taking them
        // apart, and streams a frame over --max-frame instead of refusing it.
        pipeline.addLast(HandlerNames.DECODER, config.mode() == Mode.ECHO
            ? new LengthFrameRelay(config.maxFrame()) : new LengthFrameDecoder(config.maxFrame()));
        pipeline.addLast(HandlerNames.ENCODER, LengthFrameEncoder.INSTANCE);
        break;
      case RAW:
        break;
      default:
        throw new IllegalStateException("unknown framing " + config.framing());
    }
    if (!config.idleTimeout().isZero()) {
      pipeline.addLast(HandlerNames.IDLE, new IdleTimeoutHandler(config.idleTimeout()));
    }
    MessageHandler messages =
        new MessageHandler(config.mode().transform(), greeting, counters, config.framing() != Framing.RAW);
    pipeline.addLast(HandlerNames.MESSAGES, messages);
    pipeline.addLast(HandlerNames.LIFECYCLE, new ConnectionLifecycleHandler(counters, messages, config.drainGrace()));
    if (tracker.isDraining()) {
      // Accepted just before the listeners closed: serve it the way every other connection is
      // being served, a drain (closing it with input unread would reset it).
      channel.eventLoop().execute(() -> pipeline.fireUserEventTriggered(DrainRequest.INSTANCE));
    }
  }
}
