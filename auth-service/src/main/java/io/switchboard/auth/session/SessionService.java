package io.switchboard.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.auth.config.AuthConfig;
import io.switchboard.platform.http.ApiException;
import io.switchboard.auth.error.AuthErrors;
import io.switchboard.auth.keys.TokenIssuer;
import io.switchboard.auth.password.Passwords;
import io.switchboard.auth.user.User;
import io.switchboard.auth.user.UserView;

/** Login, refresh with rotation and reuse detection, logout. */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final Passwords passwords;
    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;
    private final Duration refreshTtl;

    public SessionService(Passwords passwords, RefreshTokens refreshTokens, TokenIssuer issuer,
                          LoginThrottle throttle, AuthConfig config) {
        this.passwords = passwords;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.throttle = throttle;
        this.refreshTtl = config.refreshTokenTtl();
    }

    /**
     * Checks the credentials and starts a session. Wrong username and wrong password answer the
     * same and take as long (a decoy hash is checked for unknown accounts). The slow hash check
     * runs outside any transaction so that it holds no database connection. A stored hash of an
     * older scheme or cost is replaced here: a login is the only time the password is at hand.
     */
    public TokenResponse login(SessionRequests.Login request, String clientAddress) {
        throttle.attempt(request.username(), clientAddress);
        var user = User.findByUsername(request.username());
        boolean ok;
        if (user.isPresent()) {
            ok = passwords.matches(request.password(), user.get().passwordHash);
        } else {
            passwords.matchDecoy(request.password());
            ok = false;
        }
        if (!ok) { // the attempt stays counted
            throw new ApiException(401, AuthErrors.INVALID_CREDENTIALS, "Wrong username or password.");
        }
        if (user.get().deactivatedAt != null) { // told only to whoever knows the password
            throw deactivated();
        }
        var checked = user.get().passwordHash;
        var upgraded = passwords.needsRehash(checked) ? passwords.hash(request.password()) : null;
        return QuarkusTransaction.requiringNew().call(() -> {
            throttle.succeeded(request.username(), clientAddress);
            if (upgraded != null) {
                User.replacePasswordHash(user.get().id, checked, upgraded);
            }
            return tokens(user.get(), UUID.randomUUID(), Instant.now().plus(refreshTtl));
        });
    }

    /**
     * Trades a refresh token for a new pair. The presented token is spent; presenting a spent
     * token again means it was stolen or replayed, so the whole family is revoked.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public TokenResponse refresh(String presented) {
        var token = refreshTokens.findForUpdate(presented).orElseThrow(SessionService::invalidRefreshToken);
        if (token.revokedAt != null) {
            throw invalidRefreshToken();
        }
        if (token.usedAt != null) {
            LOG.warnf("refresh token reused: revoking session %s of user %s", token.familyId, token.userId);
            refreshTokens.revokeFamily(token.userId, token.familyId);
            throw new ApiException(401, AuthErrors.REFRESH_TOKEN_REUSED,
                    "This refresh token was already used; the session has been ended. Log in again.");
        }
        if (token.expiresAt.isBefore(Instant.now())) {
            throw invalidRefreshToken();
        }
        User user = User.findById(token.userId);
        if (user == null) {
            throw invalidRefreshToken();
        }
        if (user.deactivatedAt != null) {
            throw deactivated();
        }
        token.usedAt = Instant.now();
        return tokens(user, token.familyId, token.expiresAt);
    }

    /**
     * Ends the session the refresh token belongs to, its access tokens and sockets included
     * ({@link SessionRevocations}). Unknown tokens are ignored: logout is idempotent.
     */
    @Transactional
    public void logout(String presented) {
        refreshTokens.findForUpdate(presented).ifPresent(token -> refreshTokens.revokeFamily(token.userId, token.familyId));
    }

    private TokenResponse tokens(User user, UUID familyId, Instant refreshExpiresAt) {
        var refresh = refreshTokens.issue(user.id, familyId, refreshExpiresAt);
        var access = issuer.accessToken(user.id.toString(), user.username, user.roleSet(), familyId.toString());
        return new TokenResponse(access, refresh, "Bearer", issuer.accessTokenTtl().toSeconds(),
                Duration.between(Instant.now(), refreshExpiresAt).toSeconds(), UserView.of(user));
    }

    private static ApiException deactivated() {
        return new ApiException(403, AuthErrors.ACCOUNT_DEACTIVATED, "This account is deactivated.");
    }

    private static ApiException invalidRefreshToken() {
        return new ApiException(401, AuthErrors.INVALID_REFRESH_TOKEN, "The refresh token is invalid or expired.");
    }
}
