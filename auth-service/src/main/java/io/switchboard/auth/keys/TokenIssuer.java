package io.switchboard.auth.keys;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;
import io.switchboard.auth.config.AuthConfig;
import io.switchboard.contracts.Roles;

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
        return accessToken(subject, name, roles, sessionId, null);
    }

    private String accessToken(String subject, String name, Set<String> roles, String sessionId, String scope) {
        var key = keys.active();
        var builder = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(subject)
                .upn(name)
                .preferredUserName(name)
                .groups(roles)
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(accessTokenTtl());
        if (sessionId != null) {
            builder.claim("sid", sessionId);
        }
        if (scope != null) {
            builder.claim("scope", scope);
        }
        return builder.jws().keyId(key.kid()).sign(key.privateKey());
    }

    /**
     * A backend's token: role {@code service} and its granted scopes in {@code groups} (what the
     * services' {@code @RolesAllowed} check), and the scopes again as OAuth's space-separated
     * {@code scope} claim, left out when none was granted.
     */
    public String serviceToken(String clientId, List<String> scopes) {
        var groups = new LinkedHashSet<String>();
        groups.add(Roles.SERVICE);
        groups.addAll(scopes);
        return accessToken(clientId, clientId, groups, null, scopes.isEmpty() ? null : String.join(" ", scopes));
    }

    public Duration accessTokenTtl() {
        return config.accessTokenTtl();
    }
}
