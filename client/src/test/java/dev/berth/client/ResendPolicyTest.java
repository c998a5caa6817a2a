package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.ResendPolicy.Decision;
import org.junit.jupiter.api.Test;

class ResendPolicyTest {

  @Test
  void nothingUnansweredNeedsNothing() {
    assertThat(new ResendPolicy(true).serverClosed(0)).isEqualTo(Decision.NOTHING_UNANSWERED);
    assertThat(new ResendPolicy(false).serverClosed(0)).isEqualTo(Decision.NOTHING_UNANSWERED);
  }

  @Test
  void withoutResendUnansweredMessagesAreNotResent() {
    assertThat(new ResendPolicy(false).serverClosed(3)).isEqualTo(Decision.NOT_RESENT);
  }

  @Test
  void aResendThatMeetsAnotherDrainingServerIsTriedAgainAFewTimesThenGivenUp() {
    ResendPolicy policy = new ResendPolicy(true);
    policy.connectionOpened(0);
    assertThat(policy.serverClosed(2)).isEqualTo(Decision.RESEND);
    for (int i = 0; i < ResendPolicy.MAX_FRUITLESS_RESENDS; i++) {
      policy.connectionOpened(2);
      assertThat(policy.serverClosed(2)).as("fruitless resend %d", i + 1).isEqualTo(Decision.RESEND);
      assertThat(policy.connectionAnswered()).isFalse();
    }
    policy.connectionOpened(2);
    assertThat(policy.serverClosed(2)).isEqualTo(Decision.GIVE_UP);
    // Given up: the count starts again for the next messages.
    policy.connectionOpened(1);
    assertThat(policy.serverClosed(1)).isEqualTo(Decision.RESEND);
  }

  @Test
  void aReplyOnAResendConnectionStartsTheCountAgain() {
    ResendPolicy policy = new ResendPolicy(true);
    for (int round = 0; round < 10; round++) {
      policy.connectionOpened(4);
      assertThat(policy.serverClosed(4)).isEqualTo(Decision.RESEND);
      policy.connectionOpened(4);
      policy.replyReceived();
      assertThat(policy.connectionAnswered()).isTrue();
      assertThat(policy.serverClosed(3)).isEqualTo(Decision.RESEND);
    }
  }
}
