package io.switchboard.auth.keys;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;
import io.switchboard.auth.config.AuthConfig;

/** Signs RS256 access tokens with the active key. */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final AuthConfig config;

    public TokenIssuer(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /**
     * @param subject   user id, or client id for a service
     * @param name      username, or client id
     * @param sessionId the refresh-token family this access token belongs to, if any
     */
    public String accessToken(String subject, String name, Set<String> roles, String sessionId) {
        var key = keys.active();
        var builder = Jwt.issuer(config.issuer())
                .subject(subject)
                .upn(name)
                .preferredUserName(name)
                .groups(roles)
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(accessTokenTtl());
        if (sessionId != null) {
            builder.claim("sid", sessionId);
        }
        return builder.jws().keyId(key.kid()).sign(key.privateKey());
    }

    public Duration accessTokenTtl() {
        return config.accessTokenTtl();
    }
}
