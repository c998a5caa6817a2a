package dev.berth.client;

import dev.berth.config.ClientConfig;
import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.LengthFrameEncoder;
import dev.berth.protocol.LineFrameDecoder;
import dev.berth.protocol.LineFrameEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/** The client pipeline: a copy of the first bytes, the framing's decoder and encoder, then the {@link ReplyHandler}. */
final class ClientChannelInitializer extends ChannelInitializer<Channel> {

  static final String FIRST_BYTES = "first-bytes";
  static final String DECODER = "decoder";
  static final String ENCODER = "encoder";
  static final String REPLIES = "replies";

  private final ClientConfig config;
  private final ChannelHandler replies;

  ClientChannelInitializer(ClientConfig config, ChannelHandler replies) {
    this.config = config;
    this.replies = replies;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (config.framing() != Framing.RAW) {
      pipeline.addLast(FIRST_BYTES, FirstBytes.on(channel));
    }
    switch (config.framing()) {
      case LINE:
        pipeline.addLast(DECODER, new LineFrameDecoder(config.maxLine()));
        pipeline.addLast(ENCODER, new LineFrameEncoder());
        break;
      case LENGTH:
        pipeline.addLast(DECODER, new LengthFrameDecoder(config.maxFrame()));
        pipeline.addLast(ENCODER, LengthFrameEncoder.INSTANCE);
        break;
      case RAW:
        break;
    }
    pipeline.addLast(REPLIES, replies);
  }
}
