package io.switchboard.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.switchboard.auth.config.AuthConfig;

/**
 * Password hashes. New ones are Argon2id with the configured cost, stored as PHC strings. bcrypt
 * hashes from before (WildFly Elytron's, {@code $2a$...}) still verify; they, and Argon2id hashes of
 * another cost, are what {@link #needsRehash} marks for a login to replace while it has the password.
 */
@ApplicationScoped
public class Passwords {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final String BCRYPT_PREFIX = "$2";

    private final Argon2Cost cost;
    /**
     * Each Argon2id computation holds {@code memoryKib} of heap until it ends, so a burst of logins
     * on the worker pool could otherwise claim hundreds of MiB at once. Hashing is CPU-bound: more
     * computations at once than processors would not finish any sooner, so the rest wait here.
     */
    private final Semaphore running;
    private final SecureRandom random = new SecureRandom();
    /**
     * A real hash to check against when the account does not exist, so that both cases take as
     * long. Accounts still on bcrypt take longer until their next login, which tells that they
     * exist; that closes as they log in, and throttling limits how many can be tried.
     */
    private final String decoy;

    @Inject
    public Passwords(AuthConfig config) {
        this(new Argon2Cost(config.password().memoryKib(), config.password().iterations(), config.password().parallelism()),
                config.password().maxConcurrent());
    }

    Passwords(Argon2Cost cost, Optional<Integer> maxConcurrent) {
        int permits = maxConcurrent.orElseGet(() -> defaultMaxConcurrent(cost));
        if (permits < 1) {
            throw new IllegalArgumentException("auth.password.max-concurrent must be at least 1");
        }
        this.cost = cost;
        this.running = new Semaphore(permits, true);
        this.decoy = hash("decoy-password-for-unknown-accounts");
    }

    /** A new hash of the password: Argon2id with the configured cost and a fresh salt. */
    public String hash(String password) {
        var salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        running.acquireUninterruptibly();
        try {
            return Argon2idHash.of(utf8(password), salt, cost, HASH_BYTES).encoded();
        } finally {
            running.release();
        }
    }

    /** Whether the password is the one the stored hash (Argon2id or bcrypt) was made from. */
    public boolean matches(String password, String stored) {
        if (stored.startsWith(BCRYPT_PREFIX)) {
            try {
                return BcryptUtil.matches(password, stored);
            } catch (RuntimeException e) { // not a hash Elytron can read
                return false;
            }
        }
        var argon2 = Argon2idHash.parse(stored);
        if (argon2.isEmpty()) {
            return false;
        }
        running.acquireUninterruptibly();
        try {
            return argon2.get().matches(utf8(password));
        } finally {
            running.release();
        }
    }

    /** Whether the stored hash should be replaced by {@link #hash}: bcrypt, or Argon2id of another cost. */
    public boolean needsRehash(String stored) {
        return Argon2idHash.parse(stored).map(h -> !h.cost().equals(cost)).orElse(true);
    }

    /** Spends the time a real check would, for an account that does not exist. */
    public void matchDecoy(String password) {
        matches(password, decoy);
    }

    /** The processors, but no more hashes at once than fit in a quarter of the heap. */
    static int defaultMaxConcurrent(Argon2Cost cost) {
        long fit = Runtime.getRuntime().maxMemory() / 4 / (cost.memoryKib() * 1024L);
        return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), fit));
    }

    private static byte[] utf8(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
