package dev.berth.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.counters.RejectReason;
import dev.berth.server.counters.ServerCounters;
import io.netty.channel.Channel;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {

  private final ServerCounters counters = new ServerCounters();
  private final ConnectionTracker tracker = new ConnectionTracker(2);

  @Test
  void admitsUpToTheLimitAndCountsTheRejected() {
    EmbeddedChannel first = channel();
    EmbeddedChannel second = channel();
    EmbeddedChannel third = channel();

    assertThat(tracker.tryAdmit(first, counters)).isTrue();
    assertThat(tracker.tryAdmit(second, counters)).isTrue();
    assertThat(tracker.tryAdmit(third, counters)).isFalse();

    assertThat(tracker.activeConnections()).isEqualTo(2);
    assertThat((Iterable<Channel>) tracker.openConnections()).containsExactlyInAnyOrder(first, second);
    assertThat(counters.connectionsAccepted()).isEqualTo(2);
    assertThat(counters.connectionsRejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(1);
    finish(first, second, third);
  }

  @Test
  void aClosedConnectionFreesItsPlace() {
    EmbeddedChannel first = channel();
    EmbeddedChannel second = channel();
    tracker.tryAdmit(first, counters);
    tracker.tryAdmit(second, counters);

    first.close();

    assertThat(tracker.activeConnections()).isEqualTo(1);
    assertThat((Iterable<Channel>) tracker.openConnections()).containsExactly(second);
    EmbeddedChannel third = channel();
    assertThat(tracker.tryAdmit(third, counters)).isTrue();
    assertThat(tracker.activeConnections()).isEqualTo(2);
    assertThat(counters.connectionsRejected(RejectReason.MAX_CONNECTIONS)).isZero();
    finish(first, second, third);
  }

  @Test
  void aRejectedConnectionTakesNoPlace() {
    EmbeddedChannel[] channels = {channel(), channel(), channel(), channel()};
    for (EmbeddedChannel channel : channels) {
      tracker.tryAdmit(channel, counters);
    }

    channels[2].close();
    channels[3].close();

    assertThat(tracker.activeConnections()).isEqualTo(2);
    assertThat(counters.connectionsRejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(2);
    finish(channels);
  }

  private static EmbeddedChannel channel() {
    // Distinct ids: a channel group keys its members by id, and embedded channels share one by default.
    return new EmbeddedChannel(DefaultChannelId.newInstance());
  }

  private static void finish(EmbeddedChannel... channels) {
    for (EmbeddedChannel channel : channels) {
      channel.finishAndReleaseAll();
    }
  }
}
