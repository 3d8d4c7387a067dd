package io.switchboard.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.auth.config.AuthConfig;
import io.switchboard.contracts.http.ApiException;
import io.switchboard.contracts.ErrorCodes;

/**
 * Brute-force protection: counts failed logins per account and per client address in PostgreSQL
 * (so the limit holds across replicas) and refuses further attempts with 429 and Retry-After
 * once either passes its limit within the window. The account key is used whether or not the
 * account exists, so throttling reveals nothing about which accounts exist.
 */
@ApplicationScoped
public class LoginThrottle {

    private final EntityManager em;
    private final AuthConfig.Login config;

    public LoginThrottle(EntityManager em, AuthConfig config) {
        this.em = em;
        this.config = config.login();
    }

    /** Throws 429 if the account or the address is throttled. */
    @Transactional
    public void check(String account, String address) {
        var now = Instant.now();
        blockedUntil(accountKey(account)).or(() -> blockedUntil(addressKey(address)))
                .filter(until -> until.isAfter(now))
                .ifPresent(until -> {
                    throw new ApiException(429, ErrorCodes.RATE_LIMITED,
                            "Too many failed attempts; try again later.", Duration.between(now, until));
                });
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordFailure(String account, String address) {
        recordFailure(accountKey(account), config.maxFailuresPerAccount());
        recordFailure(addressKey(address), config.maxFailuresPerAddress());
    }

    /** A successful login clears the account's count (not the address's: one success proves little). */
    @Transactional
    public void recordSuccess(String account) {
        em.createNativeQuery("DELETE FROM login_failures WHERE throttle_key = ?1")
                .setParameter(1, accountKey(account))
                .executeUpdate();
    }

    private void recordFailure(String key, int limit) {
        var window = config.window();
        // One statement: start a new window when the old one has passed, else count on; block
        // for one window once the count passes the limit.
        em.createNativeQuery("""
                INSERT INTO login_failures AS f (throttle_key, failures, window_start, blocked_until)
                VALUES (?1, 1, now(), CASE WHEN 1 >= ?2 THEN now() + ?3 * interval '1 millisecond' END)
                ON CONFLICT (throttle_key) DO UPDATE SET
                  failures = CASE WHEN f.window_start < now() - ?3 * interval '1 millisecond'
                                  THEN 1 ELSE f.failures + 1 END,
                  window_start = CASE WHEN f.window_start < now() - ?3 * interval '1 millisecond'
                                      THEN now() ELSE f.window_start END,
                  blocked_until = CASE WHEN f.window_start >= now() - ?3 * interval '1 millisecond'
                                            AND f.failures + 1 >= ?2
                                       THEN now() + ?3 * interval '1 millisecond' ELSE f.blocked_until END
                """)
                .setParameter(1, key)
                .setParameter(2, limit)
                .setParameter(3, window.toMillis())
                .executeUpdate();
    }

    private Optional<Instant> blockedUntil(String key) {
        List<?> rows = em.createNativeQuery("SELECT blocked_until FROM login_failures WHERE throttle_key = ?1",
                        Instant.class)
                .setParameter(1, key)
                .getResultList();
        return rows.stream().filter(Instant.class::isInstance).map(Instant.class::cast).findFirst();
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
