package dev.berth.server.proxy;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.ProxyProtocol;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.connection.ClientIdentified;
import dev.berth.server.connection.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyHeaderReaderTest {

  private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

  /** What the rest of the pipeline sees behind the reader. */
  private final List<String> passedOn = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private int identified;
  private EmbeddedChannel channel;
  // Stands still but for advance(), so the header timer fires exactly when a test says.
  private final MockTicker clock = Ticker.newMockTicker();

  @AfterEach
  void finish() {
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  private EmbeddedChannel open(ProxyProtocol accepted) {
    channel = EmbeddedChannel.builder().ticker(clock).handlers(new ProxyHeaderReader(accepted),
        new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        passedOn.add(bytes.toString(US_ASCII));
        bytes.release();
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ClientIdentified) {
          identified++;
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add(cause);
      }
    }).build();
    return channel;
  }

  private void send(byte[] bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  @Test
  void aV1HeaderMakesItsSourceTheClientAndThenStepsAside() {
    open(ProxyProtocol.V1);

    send("PROXY TCP4 203.0.113.7 192.0.2.1 56324 443\r\nhello\n".getBytes(US_ASCII));

    assertThat(Peer.format(Peer.client(channel))).isEqualTo("203.0.113.7:56324");
    assertThat(Peer.format(Peer.proxiedDestination(channel))).isEqualTo("192.0.2.1:443");
    assertThat(Peer.isProxied(channel)).isTrue();
    assertThat(passedOn).containsExactly("hello\n"); // the bytes after the header, as they came
    assertThat(identified).isOne();
    assertThat(channel.pipeline().get(ProxyHeaderReader.class)).isNull();
    send("more\n".getBytes(US_ASCII));
    assertThat(passedOn).containsExactly("hello\n", "more\n");
    assertThat(errors).isEmpty();
  }

  @Test
  void aV2HeaderOverIpv4() throws Exception {
    open(ProxyProtocol.V2);

    send(v2(0x21, 0x11, address("203.0.113.7", 56324, "192.0.2.1", 443)));

    assertThat(Peer.format(Peer.client(channel))).isEqualTo("203.0.113.7:56324");
    assertThat(identified).isOne();
    assertThat(errors).isEmpty();
  }

  @Test
  void aV2HeaderOverIpv6IsWrittenInItsCompressedForm() throws Exception {
    open(ProxyProtocol.ANY);

    send(v2(0x21, 0x21, address("2001:db8::7", 40000, "2001:db8::1", 80)));

    assertThat(Peer.format(Peer.client(channel))).isEqualTo("[2001:db8::7]:40000");
    assertThat(Peer.format(Peer.proxiedDestination(channel))).isEqualTo("[2001:db8::1]:80");
  }

  @Test
  void aLocalHeaderKeepsTheConnectionsOwnAddress() {
    open(ProxyProtocol.V2);

    send(v2(0x20, 0x00, new byte[0]));

    assertThat(Peer.isProxied(channel)).isFalse();
    assertThat(Peer.client(channel)).isEqualTo(channel.remoteAddress());
    assertThat(identified).isOne();
    assertThat(errors).isEmpty();
  }

  @Test
  void aHeaderSplitOverManySegmentsIsReadWhole() {
    open(ProxyProtocol.ANY);

    for (byte b : "PROXY TCP6 2001:db8::7 2001:db8::1 40000 80\r\nx".getBytes(US_ASCII)) {
      send(new byte[] {b});
    }

    assertThat(Peer.format(Peer.client(channel))).isEqualTo("[2001:db8::7]:40000");
    assertThat(passedOn).containsExactly("x");
    assertThat(errors).isEmpty();
  }

  @Test
  void bytesThatCannotBeginAHeaderAreRefusedAtOnce() {
    open(ProxyProtocol.ANY);

    send("GET".getBytes(US_ASCII)); // three bytes: far from a header's worth

    assertThat(refusal()).isEqualTo("not a PROXY protocol header (it starts with \"GET\")");
    send(" / HTTP/1.1\r\n".getBytes(US_ASCII)); // dropped, and nothing is refused twice
    assertThat(passedOn).isEmpty();
    assertThat(errors).hasSize(1);
    assertThat(identified).isZero();
  }

  @Test
  void aHeaderOfTheOtherVersionIsRefused() {
    open(ProxyProtocol.V1);
    send(V2_SIGNATURE);
    assertThat(refusal()).isEqualTo("a PROXY v2 header where this listener takes only v1");
    channel.finishAndReleaseAll();

    errors.clear();
    open(ProxyProtocol.V2);
    send("PROXY TCP4".getBytes(US_ASCII));
    assertThat(refusal()).isEqualTo("a PROXY v1 header where this listener takes only v2");
  }

  @Test
  void aMalformedHeaderIsRefused() {
    open(ProxyProtocol.V1);

    send("PROXY TCP4 999.1.1.1 192.0.2.1 1 2\r\n".getBytes(US_ASCII));

    assertThat(refusal()).startsWith("malformed PROXY header: ");
    assertThat(Peer.isProxied(channel)).isFalse();
  }

  @Test
  void aV1HeaderEndedByALoneLineFeedIsRefusedAtThatByte() {
    open(ProxyProtocol.V1);

    send("PROXY TCP4 1.2.3.4\nand more".getBytes(US_ASCII));

    assertThat(refusal()).isEqualTo("malformed PROXY v1 header: a line feed without a carriage return before it");
  }

  @Test
  void aV1HeaderWithoutItsLineEndWithin107BytesIsRefused() {
    open(ProxyProtocol.V1);

    send(("PROXY TCP4 " + "1".repeat(100)).getBytes(US_ASCII));

    assertThat(refusal()).isEqualTo("PROXY v1 header longer than 107 bytes");
  }

  @Test
  void aHeaderNotCompleteWithinThreeSecondsIsRefused() {
    open(ProxyProtocol.ANY);
    send("PROXY TCP4 203.0.113.7".getBytes(US_ASCII));

    clock.advance(2999, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(errors).isEmpty();
    clock.advance(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();

    assertThat(refusal()).isEqualTo("no complete PROXY header within 3 s");
  }

  private String refusal() {
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).isInstanceOf(ProtocolException.class);
    assertThat(((ProtocolException) errors.get(0)).reason()).isEqualTo(ProtocolException.Reason.PROXY_HEADER);
    return errors.get(0).getMessage();
  }

  /** A v2 header: signature, version and command, family and protocol, length, addresses. */
  static byte[] v2(int versionCommand, int family, byte[] addresses) {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.writeBytes(V2_SIGNATURE);
    header.write(versionCommand);
    header.write(family);
    header.write(addresses.length >> 8);
    header.write(addresses.length & 0xFF);
    header.writeBytes(addresses);
    return header.toByteArray();
  }

  /** The address block of a v2 header: source and destination addresses, then their ports. */
  static byte[] address(String source, int sourcePort, String destination, int destinationPort) throws Exception {
    byte[] from = InetAddress.getByName(source).getAddress();
    byte[] to = InetAddress.getByName(destination).getAddress();
    return ByteBuffer.allocate(from.length + to.length + 4)
        .put(from).put(to).putShort((short) sourcePort).putShort((short) destinationPort).array();
  }
}
