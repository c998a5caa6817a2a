package dev.berth.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The drain's choice for each listener's sockets. */
class ListenerStopTest {

  @Test
  void aSocketSystemdHoldsIsNeverDrainedByAcceptingItsQueue() {
    // Its backlog is systemd's too, and its queue is the next process's.
    assertThat(ListenerStop.of(false, true, () -> false)).isEqualTo(ListenerStop.LEFT_TO_SYSTEMD);
    assertThat(ListenerStop.of(false, true, () -> true)).isEqualTo(ListenerStop.LEFT_TO_SYSTEMD);
  }

  @Test
  void aHandedOverSocketStaysOpenForTheSuccessorHoweverItCame() {
    assertThat(ListenerStop.of(true, true, () -> false)).isEqualTo(ListenerStop.LEFT_TO_SUCCESSOR);
    assertThat(ListenerStop.of(true, false, () -> false)).isEqualTo(ListenerStop.LEFT_TO_SUCCESSOR);
  }

  @Test
  void aBoundSocketClosesAtOnceOnlyWhereTheKernelMovesItsQueue() {
    assertThat(ListenerStop.of(false, false, () -> true)).isEqualTo(ListenerStop.CLOSED_AT_ONCE);
    assertThat(ListenerStop.of(false, false, () -> false)).isEqualTo(ListenerStop.CLOSED_AFTER_ACCEPTING_QUEUED);
  }
}
