package io.switchboard.contracts.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class BlockChangeTest {

    @Test
    void travelsAsSnakeCaseJsonAndComesBackTheSame() {
        var change = new BlockChange(UUID.randomUUID(), UUID.randomUUID(), true, Instant.parse("2026-01-02T03:04:05Z"));

        var json = new String(change.encode(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"blocker_id\":\"" + change.blockerId() + "\"", "\"blocked\":true",
                "\"time\":\"2026-01-02T03:04:05Z\"");
        assertThat(BlockChange.decode(change.encode())).isEqualTo(change);
    }

    @Test
    void aChangeWithoutItsUsersIsRefused() {
        var json = "{\"blocker_id\":\"" + UUID.randomUUID() + "\",\"blocked\":false,\"time\":\"2026-01-02T03:04:05Z\"}";

        assertThatThrownBy(() -> BlockChange.decode(json.getBytes(StandardCharsets.UTF_8)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }
}
