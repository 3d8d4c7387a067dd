package io.switchboard.auth.keys;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.jwt.build.Jwt;
import io.switchboard.auth.config.AuthConfig;
import io.switchboard.contracts.Audiences;
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
     * A user's token (any role): its {@code aud} names every service, each of which accepts only
     * tokens naming its own ({@link Audiences}).
     *
     * @param subject   user id
     * @param name      username
     * @param sessionId the refresh-token family this access token belongs to, if any
     */
    public String accessToken(String subject, String name, Set<String> roles, String sessionId) {
        return accessToken(subject, name, roles, Audiences.ALL, sessionId, null);
    }

    private String accessToken(String subject, String name, Set<String> roles, List<String> audiences, String sessionId,
                               String scope) {
        var key = keys.active();
        var builder = Jwt.issuer(config.issuer())
                .audience(new LinkedHashSet<>(audiences)) // an array, in the order given (one alone: a string)
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
     * {@code scope} claim, left out when none was granted. Its {@code aud} names only the services
     * its scopes open, or auth-service alone for a client with none ({@link Audiences#forScopes}).
     */
    public String serviceToken(String clientId, List<String> scopes) {
        var groups = new LinkedHashSet<String>();
        groups.add(Roles.SERVICE);
        groups.addAll(scopes);
        return accessToken(clientId, clientId, groups, Audiences.forScopes(scopes), null,
                scopes.isEmpty() ? null : String.join(" ", scopes));
    }

    public Duration accessTokenTtl() {
        return config.accessTokenTtl();
    }
}
