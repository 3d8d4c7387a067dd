package io.switchboard.realtime.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.switchboard.contracts.Roles;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Access tokens on sockets: where a client may put one when it connects, and what a valid one
 * says. Verified like every service verifies them: RS256 against auth-service's published keys,
 * issuer checked; only users' tokens (role user or admin) open a socket.
 */
@ApplicationScoped
public class AccessTokens {

    /** The subprotocol entry that carries a header, as websockets-next's browser clients send it. */
    static final String HEADER_SUBPROTOCOL_PREFIX = "quarkus-http-upgrade#";

    /** A verified token: whose it is and until when it holds. */
    public record Verified(UUID userId, String token, Instant expiresAt) {
    }

    private final JWTParser parser;

    public AccessTokens(JWTParser parser) {
        this.parser = parser;
    }

    /** Throws {@code token_invalid} for a token that is forged, expired, or not a user's. */
    public Verified verify(String token) {
        try {
            var jwt = parser.parse(token);
            var groups = jwt.getGroups();
            if (groups == null || !(groups.contains(Roles.USER) || groups.contains(Roles.ADMIN))) {
                throw invalid("The token is not a user's.");
            }
            return new Verified(UUID.fromString(jwt.getSubject()), token, Instant.ofEpochSecond(jwt.getExpirationTime()));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw invalid("The token is invalid or expired.");
        }
    }

    /**
     * The token of an upgrade request: {@code Authorization: Bearer}, then {@code ?token=}, then a
     * {@code Sec-WebSocket-Protocol} entry {@code quarkus-http-upgrade#Authorization#Bearer <token>}
     * (URL-encoded). Null when there is none.
     */
    public static String fromUpgrade(HttpServerRequest request) {
        var bearer = bearer(request.getHeader("Authorization"));
        if (bearer != null) {
            return bearer;
        }
        var query = request.getParam("token");
        if (query != null && !query.isBlank()) {
            return query.trim();
        }
        for (String protocols : request.headers().getAll("Sec-WebSocket-Protocol")) {
            for (String protocol : protocols.split(",")) {
                var entry = URLDecoder.decode(protocol.trim(), StandardCharsets.UTF_8);
                if (entry.regionMatches(true, 0, HEADER_SUBPROTOCOL_PREFIX, 0, HEADER_SUBPROTOCOL_PREFIX.length())) {
                    var header = entry.substring(HEADER_SUBPROTOCOL_PREFIX.length()).split("#", 2);
                    if (header.length == 2 && header[0].equalsIgnoreCase("Authorization")) {
                        var token = bearer(header[1]);
                        if (token != null) {
                            return token;
                        }
                    }
                }
            }
        }
        return null;
    }

    static String bearer(String value) {
        if (value == null || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        var token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ProtocolErrors.TOKEN_INVALID, message, null);
    }
}
