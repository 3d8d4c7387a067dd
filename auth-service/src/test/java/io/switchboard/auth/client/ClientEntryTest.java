package io.switchboard.auth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** How an entry of AUTH_CLIENTS reads, and that a bad one is refused with a message an operator can act on. */
class ClientEntryTest {

    @Test
    void anIdAndSecretAloneGrantNoScope() {
        var entry = ClientEntry.parse(" billing : s3cret ");
        assertThat(entry.id()).isEqualTo("billing");
        assertThat(new String(entry.secret(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        assertThat(entry.scopes()).isEmpty();
    }

    @Test
    void scopesFollowTheSecretJoinedWithPlus() {
        assertThat(ClientEntry.parse("todo:s3cret:push+notices").scopes()).containsExactly("push", "notices");
        assertThat(ClientEntry.parse("ops:s3cret:memberships+contacts+presence+notices+push").scopes())
                .as("in the scopes' own order, whatever the entry's")
                .containsExactly("push", "notices", "presence", "contacts", "memberships");
        assertThat(ClientEntry.parse("todo:s3cret:push+push").scopes()).containsExactly("push");
        assertThat(ClientEntry.parse("todo:s3cret:").scopes()).isEmpty();
    }

    @Test
    void anUnknownScopeIsRefusedNamingTheClientTheScopeAndTheKnownOnes() {
        assertThatThrownBy(() -> ClientEntry.parse("todo:s3cret:push+notice"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AUTH_CLIENTS")
                .hasMessageContaining("client 'todo'")
                .hasMessageContaining("unknown scope 'notice'")
                .hasMessageContaining("push, notices, presence, contacts, memberships")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ClientEntry.parse("todo:s3cret:push+")).hasMessageContaining("an empty scope");
    }

    @Test
    void aSecretHoldingAColonIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> ClientEntry.parse("todo:s3c:R3T!"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client 'todo'")
                .hasMessageContaining("must not contain ':'")
                .hasMessageNotContaining("R3T");
        assertThatThrownBy(() -> ClientEntry.parse("todo:s3c:r:et:push"))
                .hasMessageContaining("is not id:secret or id:secret:scope+scope")
                .hasMessageNotContaining("s3c");
    }

    @Test
    void anEntryWithoutIdOrSecretIsRefused() {
        assertThatThrownBy(() -> ClientEntry.parse("todo")).hasMessageContaining("is not id:secret");
        assertThatThrownBy(() -> ClientEntry.parse("todo:")).hasMessageContaining("is not id:secret");
        assertThatThrownBy(() -> ClientEntry.parse(":s3cret")).hasMessageContaining("is not id:secret")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theSecretNeverShowsInTheEntrysText() {
        assertThat(ClientEntry.parse("todo:s3cret:push").toString()).doesNotContain("s3cret").contains("todo", "push");
    }
}
