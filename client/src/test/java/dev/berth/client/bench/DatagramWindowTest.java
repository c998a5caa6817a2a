package dev.berth.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.protocol.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatagramWindowTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<ByteBuf> sent = new ArrayList<>();

  @AfterEach
  void release() {
    sent.forEach(ByteBuf::release);
    channel.finishAndReleaseAll();
  }

  @Test
  void repliesInAnyOrderAnswerTheirDatagramsAndFreeTheirSlots() {
    DatagramWindow window = window(64, 4);

    assertThat(window.sendDue(channel, 0)).isEqualTo(4);
    assertThat(window.sendDue(channel, 0)).isZero();
    List<ByteBuf> datagrams = written();
    assertThat(window.check(datagrams.get(2), 10)).isEqualTo(DatagramWindow.Reply.ANSWERED);
    assertThat(window.check(datagrams.get(0), 10)).isEqualTo(DatagramWindow.Reply.ANSWERED);
    assertThat(window.inFlight()).isEqualTo(2);
    // A duplicate of an answered datagram is ignored.
    assertThat(window.check(datagrams.get(2), 10)).isEqualTo(DatagramWindow.Reply.IGNORED);

    assertThat(window.sendDue(channel, 20)).isEqualTo(2);
    assertThat(window.inFlight()).isEqualTo(4);
    assertThat(written()).hasSize(2);
  }

  @Test
  void aDatagramUnansweredPastItsDeadlineIsLostAndALateReplyIgnored() {
    DatagramWindow window = window(64, 2);
    window.sendDue(channel, 100);
    List<ByteBuf> datagrams = written();
    window.check(datagrams.get(1), 150);
    long[] first = new long[1];

    assertThat(window.expireSentBefore(101, first)).isEqualTo(1);
    assertThat(first[0]).isEqualTo(0);
    assertThat(window.inFlight()).isZero();
    assertThat(window.check(datagrams.get(0), 200)).isEqualTo(DatagramWindow.Reply.IGNORED);
    // The lost datagram's slot carries the next one; the late reply does not answer it.
    window.sendDue(channel, 300);
    assertThat(window.check(datagrams.get(0), 310)).isEqualTo(DatagramWindow.Reply.IGNORED);
    assertThat(window.check(written().get(0), 310)).isEqualTo(DatagramWindow.Reply.ANSWERED);
  }

  @Test
  void changedBytesOrLengthAreMismatches() {
    DatagramWindow window = window(64, 3);
    window.sendDue(channel, 0);
    List<ByteBuf> datagrams = written();
    ByteBuf changed = datagrams.get(0);
    changed.setByte(40, changed.getByte(40) ^ 1);
    ByteBuf shorter = datagrams.get(1);
    shorter.writerIndex(shorter.writerIndex() - 1);

    assertThat(window.check(changed, 1)).isEqualTo(DatagramWindow.Reply.MISMATCH);
    assertThat(window.mismatch()).isEqualTo("the reply to datagram 0 differs from what was sent");
    assertThat(window.check(shorter, 1)).isEqualTo(DatagramWindow.Reply.MISMATCH);
    assertThat(window.mismatch()).isEqualTo("the reply to datagram 1 is 63 bytes (sent: 64)");
    assertThat(window.inFlight()).isEqualTo(1);
  }

  @Test
  void aSequenceNumberNeverSentIsAMismatch() {
    DatagramWindow window = window(64, 1);
    window.sendDue(channel, 0);
    ByteBuf datagram = written().get(0);
    datagram.setByte(15, '9');

    assertThat(window.check(datagram, 1)).isEqualTo(DatagramWindow.Reply.MISMATCH);
    assertThat(window.mismatch()).isEqualTo("a reply carrying sequence number 9, which was not sent");
  }

  @Test
  void oneByteDatagramsTellTheirSixteenSlotsApartByTheirOneDigit() {
    DatagramWindow window = window(1, 16);
    for (int round = 0; round < 3; round++) {
      assertThat(window.sendDue(channel, round)).isEqualTo(16);
      List<ByteBuf> datagrams = written();
      for (int i = 15; i >= 0; i--) {
        assertThat(window.check(datagrams.get(i), round)).isEqualTo(DatagramWindow.Reply.ANSWERED);
      }
    }
    assertThat(window.inFlight()).isZero();
  }

  private static DatagramWindow window(int size, int pipeline) {
    return new DatagramWindow(new FrameTemplate(Framing.RAW, size), Pacer.closedLoop(), new LoopRecorders(), pipeline);
  }

  /** The datagrams written since the last call, kept to be released after the test. */
  private List<ByteBuf> written() {
    List<ByteBuf> datagrams = new ArrayList<>();
    channel.flushOutbound();
    ByteBuf datagram;
    while ((datagram = channel.readOutbound()) != null) {
      datagrams.add(datagram);
      sent.add(datagram);
    }
    return datagrams;
  }
}
