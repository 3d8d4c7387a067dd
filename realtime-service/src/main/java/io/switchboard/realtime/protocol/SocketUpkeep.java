package io.switchboard.realtime.protocol;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.security.AccessTokens;
import io.switchboard.realtime.socket.ClientSession;

/**
 * {@code ping} and {@code auth}: what keeps a socket going, an answer to show it is alive and a
 * fresh token (of the same user) before the current one expires.
 */
@ApplicationScoped
class SocketUpkeep {

    private final AccessTokens tokens;

    SocketUpkeep(AccessTokens tokens) {
        this.tokens = tokens;
    }

    ServerEvent.Pong pong() {
        return new ServerEvent.Pong(Instant.now());
    }

    ServerEvent.Authenticated renew(ClientSession session, String token) {
        var verified = tokens.verify(token);
        if (!verified.userId().equals(session.userId())) {
            throw new ProtocolException(ProtocolErrors.TOKEN_INVALID, "The token belongs to another user.", "auth");
        }
        session.renew(verified.token(), verified.expiresAt());
        return new ServerEvent.Authenticated(session.userId(), verified.expiresAt(), Instant.now());
    }
}
