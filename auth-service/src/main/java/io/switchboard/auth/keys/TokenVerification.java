package io.switchboard.auth.keys;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.config.JWTAuthContextInfoProvider;
import io.switchboard.auth.config.AuthConfig;
import io.switchboard.contracts.Audiences;

/**
 * auth-service verifies its own access tokens (for /api/users/...) against the same keys it
 * publishes, in memory: there is no JWKS URL to fetch from itself while it starts. It accepts only
 * tokens that name its own audience, {@code switchboard-auth}, as the other services accept only theirs.
 */
@ApplicationScoped
public class TokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo authContextInfo(JWTAuthContextInfoProvider defaults, SigningKeys keys, AuthConfig config,
                                       ObjectMapper json) throws JsonProcessingException {
        // Start from the configured defaults (header, scheme, claim names), then swap in our keys.
        var info = new JWTAuthContextInfo(defaults.getContextInfo());
        info.setPublicKeyLocation(null);
        info.setPublicKeyContent(json.writeValueAsString(keys.jwks()));
        info.setIssuedBy(config.issuer());
        info.setExpectedAudience(Set.of(Audiences.AUTH)); // a token meant only for other services is no key here
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setRequiredClaims(Set.of("sub", "exp", "iat", "upn"));
        info.setExpGracePeriodSecs(0);
        return info;
    }
}
