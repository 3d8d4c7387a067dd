package io.switchboard.notification.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.switchboard.notification.members.MembersUnavailable;

/** The bookkeeping behind "wait, then try the same records again", and what readiness reports from it. */
class PartitionRetriesTest {

    private static final TopicPartition P0 = new TopicPartition("switchboard.chat-events", 0);
    private static final TopicPartition P1 = new TopicPartition("switchboard.chat-events", 1);
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final RuntimeException DOWN = new IllegalStateException("store failed",
            new SQLException("Connection refused", "08001"));

    private final PartitionRetries retries = new PartitionRetries(Backoff.STORE);

    @Test
    void aFailedPartitionIsDueAfterItsBackoffAndOnlyOnce() {
        retries.failed(P0, 42, DOWN, T0);

        assertThat(retries.due(T0.plusMillis(99))).isEmpty();
        assertThat(retries.due(T0.plusMillis(100))).containsExactly(P0);
        assertThat(retries.due(T0.plusSeconds(60))).as("resumed: waits for its next failure").isEmpty();
        assertThat(retries.stuck()).as("still not stored").isPresent();
    }

    @Test
    void eachFailureWaitsLongerAndKeepsWhenItBegan() {
        retries.failed(P0, 42, DOWN, T0);
        retries.due(T0.plusSeconds(1));
        var second = retries.failed(P0, 42, DOWN, T0.plusSeconds(1));

        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.since()).isEqualTo(T0);
        assertThat(second.resumeAt()).contains(T0.plusSeconds(1).plus(Duration.ofMillis(200)));
    }

    @Test
    void storingEndsTheWaitAndSaysHowLongItWas() {
        retries.failed(P0, 42, DOWN, T0);
        retries.failed(P0, 42, DOWN, T0.plusSeconds(1));

        assertThat(retries.stored(P0)).hasValueSatisfying(retry -> assertThat(retry.attempts()).isEqualTo(2));
        assertThat(retries.stuck()).isEmpty();
        assertThat(retries.stored(P0)).as("a partition that was not waiting").isEmpty();
    }

    @Test
    void stuckNamesEveryWaitingRecordTheEarliestStartAndTheCause() {
        retries.failed(P1, 7, DOWN, T0.plusSeconds(3));
        retries.failed(P0, 42, DOWN, T0);

        assertThat(retries.stuck()).hasValueSatisfying(stuck -> {
            assertThat(stuck.waitingAt()).containsExactly("switchboard.chat-events-0@42", "switchboard.chat-events-1@7");
            assertThat(stuck.since()).isEqualTo(T0);
            assertThat(stuck.attempts()).isEqualTo(1);
            assertThat(stuck.lastError()).isEqualTo("SQLException: Connection refused");
        });
    }

    @Test
    void aChatServiceFailureSaysItWasChatService() {
        var chat = UUID.fromString("00000000-0000-0000-0000-000000000007");
        var error = new MembersUnavailable(chat, 12, new ConnectException("Connection refused"));

        assertThat(PartitionRetries.describe(error)).isEqualTo("chat-service could not tell the members of chat "
                + chat + " before event 12: ConnectException: Connection refused");
    }

    @Test
    void partitionsGivenUpInARebalanceOrADisconnectNoLongerWait() {
        retries.failed(P0, 42, DOWN, T0);
        retries.failed(P1, 7, DOWN, T0);

        retries.forget(List.of(P0));
        assertThat(retries.due(T0.plusSeconds(1))).containsExactly(P1);

        retries.clear();
        assertThat(retries.stuck()).isEmpty();
    }
}
