package io.switchboard.realtime.gateway;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.security.SessionRevocation;
import io.switchboard.realtime.security.AccessTokens;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.Sessions;

/**
 * Closes the sockets of a session that ended before its token expired (logout, password change,
 * an administrator ending it), with 4001, as soon as the revocation arrives: each socket of the
 * user whose token the verifier now refuses (it knows the revoked sessions) is closed.
 */
@ApplicationScoped
class EndedSessions {

    private final Sessions sessions;
    private final AccessTokens tokens;
    private final DeliveryMetrics metrics;

    EndedSessions(Sessions sessions, AccessTokens tokens, DeliveryMetrics metrics) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    void closeSockets(@Observes SessionRevocation revocation) {
        UUID user;
        try {
            user = UUID.fromString(revocation.userId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return;
        }
        for (ClientSession session : sessions.of(user)) {
            if (session.isClosing()) {
                continue;
            }
            try {
                tokens.verify(session.token());
            } catch (ProtocolException refused) {
                metrics.closed("session_ended");
                session.close(CloseCodes.TOKEN_EXPIRED, "session ended");
            }
        }
    }
}
