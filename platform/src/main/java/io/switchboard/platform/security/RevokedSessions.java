package io.switchboard.platform.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import io.switchboard.contracts.security.SessionRevocation;

/**
 * The sessions this service knows were revoked, each until its tokens would have expired anyway
 * (filled by {@link RevocationFeed}). {@link CachingJwtParser} refuses a token of one; services
 * that hold connections observe the {@link SessionRevocation} event to close them.
 */
@ApplicationScoped
public class RevokedSessions {

    /** Above this many entries, a revocation first drops those that expired. */
    private static final int TIDY_ABOVE = 10_000;

    private final ConcurrentHashMap<String, Long> untilMillis = new ConcurrentHashMap<>();
    private final Event<SessionRevocation> revoked;
    private final LongSupplier clockMillis;

    @Inject
    public RevokedSessions(Event<SessionRevocation> revoked) {
        this(revoked, System::currentTimeMillis);
    }

    RevokedSessions(Event<SessionRevocation> revoked, LongSupplier clockMillis) {
        this.revoked = revoked;
        this.clockMillis = clockMillis;
    }

    /** Records a revocation and tells the observers, unless it no longer matters (its tokens expired). */
    public void add(SessionRevocation revocation) {
        long until = revocation.until().toEpochMilli();
        long now = clockMillis.getAsLong();
        if (until <= now) {
            return;
        }
        if (untilMillis.size() > TIDY_ABOVE) {
            untilMillis.values().removeIf(expiry -> expiry <= now);
        }
        untilMillis.merge(revocation.sid(), until, Math::max);
        if (revoked != null) {
            revoked.fire(revocation);
        }
    }

    /** Whether tokens of this session are refused now. */
    public boolean isRevoked(String sid) {
        if (sid == null) {
            return false;
        }
        var until = untilMillis.get(sid);
        return until != null && clockMillis.getAsLong() < until;
    }

    int size() {
        return untilMillis.size();
    }
}
