package io.switchboard.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.auth.config.AuthConfig;
import io.switchboard.platform.http.ApiException;
import io.switchboard.contracts.ErrorCodes;

/**
 * Brute-force protection, counted in PostgreSQL (so the limits hold across replicas): failed
 * attempts per (account, client address), per account from everywhere (users only, a slower
 * limit), and per client address. An attempt past any limit is refused with 429 and Retry-After.
 * Keyed by the address as well, the account's own limit cannot be used against its owner: a
 * stranger's failures throttle the stranger. An attempt is counted before its password is
 * checked, in one statement per key that also decides whether it may go on, so concurrent attempts
 * cannot all pass a check made before any of them failed; a successful login then takes its
 * attempt back. The account keys are used whether or not the account exists, so throttling
 * reveals nothing about which accounts exist.
 */
@ApplicationScoped
public class LoginThrottle {

    private final EntityManager em;
    private final AuthConfig.Login config;

    public LoginThrottle(EntityManager em, AuthConfig config) {
        this.em = em;
        this.config = config.login();
    }

    /**
     * Counts an attempt for the account and the address, committed before the caller checks the
     * password; throws 429 if either is past its limit (the attempt then goes no further).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void attempt(String account, String address) {
        refuseIfBlocked(Stream.of(count(accountAtAddressKey(account, address), config.maxFailuresPerAccount()),
                count(accountKey(account), config.maxFailuresPerAccountEverywhere()),
                count(addressKey(address), config.maxFailuresPerAddress())));
    }

    /**
     * As {@link #attempt} for a backend's client credentials: per (client, address) and per
     * address, with no limit for the client from everywhere.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void clientAttempt(String clientId, String address) {
        refuseIfBlocked(Stream.of(count(accountAtAddressKey(clientKey(clientId), address), config.maxFailuresPerAccount()),
                count(addressKey(address), config.maxFailuresPerAddress())));
    }

    private static void refuseIfBlocked(Stream<Optional<Instant>> counts) {
        var now = Instant.now();
        var blocked = counts
                .flatMap(Optional::stream)
                .filter(until -> until.isAfter(now))
                .max(Comparator.naturalOrder());
        if (blocked.isPresent()) {
            throw new ApiException(429, ErrorCodes.RATE_LIMITED,
                    "Too many failed attempts; try again later.", Duration.between(now, blocked.get()));
        }
    }

    /**
     * Counts a registration from this address; throws 429 past the limit. Registrations have their
     * own count, apart from failed logins: a new account is no failure, and many of them from one
     * address is abuse of another kind.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void registration(String address) {
        var now = Instant.now();
        count("register:" + address, config.maxRegistrationsPerAddress())
                .filter(until -> until.isAfter(now))
                .ifPresent(until -> {
                    throw new ApiException(429, ErrorCodes.RATE_LIMITED,
                            "Too many accounts registered from this address; try again later.",
                            Duration.between(now, until));
                });
    }

    /**
     * The attempt succeeded: the account's count at this address is cleared, and the attempt is
     * taken back from the account's count everywhere and the address's (one success proves little
     * about an address, or about strangers' attempts elsewhere, so their other attempts still count).
     */
    @Transactional
    public void succeeded(String account, String address) {
        em.createNativeQuery("DELETE FROM login_failures WHERE throttle_key = ?1")
                .setParameter(1, accountAtAddressKey(account, address))
                .executeUpdate();
        em.createNativeQuery("""
                UPDATE login_failures SET failures = GREATEST(failures - 1, 0) WHERE throttle_key IN (?1, ?2)
                """)
                .setParameter(1, accountKey(account))
                .setParameter(2, addressKey(address))
                .executeUpdate();
    }

    /** A backend's client credentials were right: as {@link #succeeded} for its keys. */
    @Transactional
    public void clientSucceeded(String clientId, String address) {
        succeeded(clientKey(clientId), address);
    }

    /**
     * One statement: starts a new window when the old one has passed, else counts on; an attempt
     * past the limit blocks the key for one window. Returns until when the key is blocked, if it is.
     */
    private Optional<Instant> count(String key, int limit) {
        var window = config.window();
        List<?> rows = em.createNativeQuery("""
                INSERT INTO login_failures AS f (throttle_key, failures, window_start, blocked_until)
                VALUES (?1, 1, now(), CASE WHEN 1 > ?2 THEN now() + ?3 * interval '1 millisecond' END)
                ON CONFLICT (throttle_key) DO UPDATE SET
                  failures = CASE WHEN f.window_start < now() - ?3 * interval '1 millisecond'
                                  THEN 1 ELSE f.failures + 1 END,
                  window_start = CASE WHEN f.window_start < now() - ?3 * interval '1 millisecond'
                                      THEN now() ELSE f.window_start END,
                  blocked_until = CASE WHEN f.window_start >= now() - ?3 * interval '1 millisecond'
                                            AND f.failures + 1 > ?2
                                       THEN now() + ?3 * interval '1 millisecond' ELSE f.blocked_until END
                RETURNING blocked_until
                """, Instant.class)
                .setParameter(1, key)
                .setParameter(2, limit)
                .setParameter(3, window.toMillis())
                .getResultList();
        return rows.stream().filter(Instant.class::isInstance).map(Instant.class::cast).findFirst();
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.toLowerCase(Locale.ROOT));
    }

    private static String accountAtAddressKey(String account, String address) {
        return accountKey(account) + "@" + address;
    }

    private static String clientKey(String clientId) {
        return "client:" + clientId;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
