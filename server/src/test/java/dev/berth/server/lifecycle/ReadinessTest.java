package dev.berth.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  void startingThenReadyThenDraining() {
    Readiness readiness = new Readiness();
    assertThat(readiness.state()).isEqualTo(Readiness.State.STARTING);
    assertThat(readiness.isReady()).isFalse();

    readiness.markReady();
    assertThat(readiness.isReady()).isTrue();

    readiness.markDraining();
    assertThat(readiness.isDraining()).isTrue();
    assertThat(readiness.isReady()).isFalse();
  }

  @Test
  void neverReadyAgainOnceDraining() {
    Readiness readiness = new Readiness();
    readiness.markDraining();

    readiness.markReady();

    assertThat(readiness.state()).isEqualTo(Readiness.State.DRAINING);
  }
}
