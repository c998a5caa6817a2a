package dev.berth.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.LengthFrameEncoder;
import dev.berth.protocol.Line;
import dev.berth.protocol.LineFrameDecoder;
import dev.berth.protocol.LineFrameEncoder;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.pipeline.ServerChannelInitializerTest.Connection;
import dev.berth.testing.TrackingAllocator;
import dev.berth.testing.wire.Segmentation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For random lists of messages, encoded by the client's codecs, cut into TCP reads every way
 * (one read, a byte per read, random cuts), through the real server pipeline, and the replies cut
 * again into the client's decoder: the client gets exactly the mode applied to each message, in
 * order, with the greeting first where there is one. The expected replies are computed without
 * the server's code (StringBuilder reverses by code point).
 */
class FramingPropertyTest {

  private static final int LIMIT = 4096;
  private static final int SCENARIOS = 60;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String framing : List.of("line", "length")) {
      for (String mode : List.of("echo", "reverse", "hello", "discard")) {
        for (Segmentation cuts : Segmentation.values()) {
          cases.add(Arguments.of(framing, mode, cuts));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void repliesAreTheModeAppliedToEachMessageInOrder(String framing, String mode, Segmentation cuts) {
    for (int scenario = 0; scenario < SCENARIOS; scenario++) {
      long seed = (framing + mode + cuts).hashCode() * 1000L + scenario;
      SplittableRandom random = new SplittableRandom(seed);
      List<String> messages = messages(random, framing, cuts == Segmentation.BYTE_BY_BYTE ? 8 : 40);
      List<Boolean> crLfs = new ArrayList<>();
      messages.forEach(message -> crLfs.add(framing.equals("line") && random.nextBoolean()));

      List<Reply> replies = exchange(framing, mode, cuts, messages, crLfs, random);

      assertThat(replies).as("seed %d", seed).isEqualTo(expected(framing, mode, messages, crLfs));
    }
  }

  /** A reply as the client decodes it: its text and, in line framing, whether it ended in CRLF. */
  private record Reply(String text, boolean crLf) {}

  private List<Reply> exchange(String framing, String mode, Segmentation cuts, List<String> messages,
      List<Boolean> crLfs, SplittableRandom random) {
    ServerCounters counters = new ServerCounters();
    ServerConfig config = ServerConfig.defaults("framing", framing, "mode", mode,
        "max-line", Integer.toString(LIMIT), "max-frame", Integer.toString(LIMIT));
    byte[] greeting = config.greeting() == null ? null : config.greeting().getBytes(StandardCharsets.UTF_8);
    Connection server = Connection.open(config, new ConnectionTracker(1), counters);
    TrackingAllocator alloc = new TrackingAllocator();
    server.config().setAllocator(alloc);
    ClientCodecs client = new ClientCodecs(framing, alloc);
    try {
      byte[] requests = client.encode(messages, crLfs);
      for (byte[] read : cuts.cut(requests, random)) {
        server.writeInbound(Unpooled.wrappedBuffer(read));
      }
      byte[] answers = drain(server);
      for (byte[] read : Segmentation.values()[random.nextInt(3)].cut(answers, random)) {
        client.decoder.writeInbound(Unpooled.wrappedBuffer(read));
      }
      assertThat(server.isOpen()).isTrue();
      assertThat(counters.messagesReceived()).isEqualTo(messages.size());
      server.close();
      client.decoder.close();
      assertThat(alloc.unreleased()).as("buffers not released").isEmpty();
      return client.replies;
    } finally {
      server.finishAndReleaseAll();
      client.decoder.finishAndReleaseAll();
      alloc.releaseAll();
    }
  }

  private static List<Reply> expected(String framing, String mode, List<String> messages, List<Boolean> crLfs) {
    List<Reply> replies = new ArrayList<>();
    if (mode.equals("hello")) {
      replies.add(new Reply("Welcome!", false));
    }
    for (int i = 0; i < messages.size(); i++) {
      String message = messages.get(i);
      boolean crLf = crLfs.get(i);
      switch (mode) {
        case "echo" -> replies.add(new Reply(message, crLf));
        case "reverse" -> replies.add(new Reply(new StringBuilder(message).reverse().toString(), crLf));
        case "hello" -> replies.add(new Reply("Hello, " + message + "!", crLf));
        default -> { } // discard
      }
    }
    return replies;
  }

  /**
   * Random text of random code points (ASCII, accented, CJK, emoji) and the edge lengths 0, 1 and
   * the limit. A line holds no {@code \n}, and no {@code \r} at either end: one at its end (or at
   * the end of its reverse) would read as part of a CRLF terminator, which line framing cannot
   * tell apart.
   */
  private static List<String> messages(SplittableRandom random, String framing, int maxCount) {
    List<String> messages = new ArrayList<>();
    int count = random.nextInt(maxCount + 1);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(10);
      String message;
      if (kind == 0) {
        message = "";
      } else if (kind == 1) {
        message = "a".repeat(LIMIT);
      } else if (kind == 2) {
        message = "b".repeat(1 + random.nextInt(2 * 1024)); // around the encoders' copy threshold
      } else {
        message = text(random, random.nextInt(kind * 20));
      }
      messages.add(framing.equals("line") ? message.replace('\n', ' ').replaceAll("^\r+|\r+$", "") : message);
    }
    return messages;
  }

  private static String text(SplittableRandom random, int codePoints) {
    int[][] ranges = {{0x20, 0x7E}, {0x00, 0x1F}, {0xA0, 0x17F}, {0x4E00, 0x4FFF}, {0x1F600, 0x1F64F}};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      int[] range = ranges[random.nextInt(ranges.length)];
      text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
    }
    return text.toString();
  }

  private static byte[] drain(EmbeddedChannel channel) {
    channel.runPendingTasks();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Object msg; (msg = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) msg;
      bytes.writeBytes(ByteBufUtil.getBytes(buf));
      buf.release();
    }
    return bytes.toByteArray();
  }

  /** The client's side of the framing: the same codecs {@code berth client} and {@code berth bench} use. */
  private static final class ClientCodecs {
    final List<Reply> replies = new ArrayList<>();
    final EmbeddedChannel encoder;
    final EmbeddedChannel decoder;

    ClientCodecs(String framing, TrackingAllocator alloc) {
      boolean line = framing.equals("line");
      encoder = new EmbeddedChannel(line ? LineFrameEncoder.INSTANCE : LengthFrameEncoder.INSTANCE);
      // Line replies are decoded with their terminators, to check that each ends like its message.
      decoder = new EmbeddedChannel(
          line ? LineFrameDecoder.withTerminators(LIMIT + 16) : new LengthFrameDecoder(LIMIT + 16),
          new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf payload = msg instanceof Line ? ((Line) msg).content() : (ByteBuf) msg;
              replies.add(new Reply(payload.toString(StandardCharsets.UTF_8),
                  msg instanceof Line && ((Line) msg).endsWithCrLf()));
              payload.release();
            }
          });
      encoder.config().setAllocator(alloc);
      decoder.config().setAllocator(alloc);
    }

    /** The bytes the client sends; a CRLF line is written with its {@code \r}, the encoder adds {@code \n}. */
    byte[] encode(List<String> messages, List<Boolean> crLfs) {
      for (int i = 0; i < messages.size(); i++) {
        encoder.writeOutbound(Unpooled.copiedBuffer(messages.get(i) + (crLfs.get(i) ? "\r" : ""), StandardCharsets.UTF_8));
      }
      byte[] bytes = drain(encoder);
      encoder.finishAndReleaseAll();
      return bytes;
    }
  }
}
