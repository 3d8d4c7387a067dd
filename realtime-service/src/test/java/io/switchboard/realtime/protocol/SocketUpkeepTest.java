package io.switchboard.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.realtime.security.AccessTokens;
import io.switchboard.realtime.socket.RecordingSocket;

/** auth: a fresh token of the socket's own user renews it; any other leaves it as it was. */
class SocketUpkeepTest {

    private static final Instant LATER = Instant.parse("2030-01-01T12:00:00Z");

    private final UUID user = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();
    private final AccessTokens tokens = new AccessTokens(null) {
        @Override
        public Verified verify(String token) {
            if (token.equals("forged")) {
                throw new ProtocolException("token_invalid", "The token is invalid or expired.", null);
            }
            return new Verified(token.equals("other's") ? other : user, token, LATER);
        }
    };
    private final SocketUpkeep upkeep = new SocketUpkeep(tokens);
    private final RecordingSocket socket = new RecordingSocket(user);

    @Test
    void aFreshTokenOfTheSameUserRenewsTheSocket() {
        var authenticated = upkeep.renew(socket.session, "fresh");

        assertThat(socket.session.token()).isEqualTo("fresh");
        assertThat(socket.session.expiresAt()).isEqualTo(LATER);
        assertThat(authenticated.userId()).isEqualTo(user);
        assertThat(authenticated.expiresAt()).isEqualTo(LATER);
    }

    @Test
    void anotherUsersTokenOrAnInvalidOneIsRefusedAndTheSocketKeepsItsOwn() {
        var expiresAt = socket.session.expiresAt();
        assertThatThrownBy(() -> upkeep.renew(socket.session, "other's"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo("token_invalid");
                    assertThat(e.getMessage()).isEqualTo("The token belongs to another user.");
                });
        assertThatThrownBy(() -> upkeep.renew(socket.session, "forged")).isInstanceOf(ProtocolException.class);

        assertThat(socket.session.token()).isEqualTo("token");
        assertThat(socket.session.expiresAt()).isEqualTo(expiresAt);
    }

    @Test
    void aPingIsAnsweredWithAPongOfNow() {
        var before = Instant.now();
        assertThat(upkeep.pong().timestamp()).isBetween(before, Instant.now());
    }
}
