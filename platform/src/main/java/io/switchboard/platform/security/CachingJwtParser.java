package io.switchboard.platform.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The services' access-token verifier: smallrye-jwt's (RS256 against auth-service's keys, issuer
 * and expiry checked), remembering tokens it already verified (see {@link VerifiedTokens}) for
 * {@code switchboard.token-cache.ttl} (default 60 s, at most until the token expires), up to
 * {@code switchboard.token-cache.size} tokens (default 10,000; 0 turns the cache off). A client
 * that sends a hundred requests with one token costs one signature check instead of a hundred.
 * Only {@link #parse(String)}, the path of every request and socket, is cached. A token of a
 * revoked session ({@link RevokedSessions}) is refused, cached or not.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {

    private final DefaultJWTParser verifier;
    private final VerifiedTokens verified;
    private final RevokedSessions revoked;

    public CachingJwtParser(DefaultJWTParser verifier, RevokedSessions revoked,
                            @ConfigProperty(name = "switchboard.token-cache.size", defaultValue = "10000") int size,
                            @ConfigProperty(name = "switchboard.token-cache.ttl", defaultValue = "60s") Duration ttl) {
        this.verifier = verifier;
        this.revoked = revoked;
        this.verified = new VerifiedTokens(size, ttl, System::currentTimeMillis);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        var known = verified.get(token);
        if (known == null) {
            known = VerifiedTokens.Verified.of(verifier.parse(token));
            verified.put(token, known);
        }
        if (revoked.isRevoked(known.sessionId())) {
            throw new ParseException("The session of this token has ended.");
        }
        return known.jwt();
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
