package io.switchboard.auth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every auth-service setting; each is overridable by its environment variable (AUTH_...). */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** The {@code iss} of every token this service issues, and the one it verifies. */
    @WithDefault("switchboard-auth")
    String issuer();

    /** Access-token lifetime. */
    @WithDefault("15M")
    Duration accessTokenTtl();

    /** Refresh-token lifetime; each refresh rotates the token but keeps the family's deadline. */
    @WithDefault("30D")
    Duration refreshTokenTtl();

    /** How new password hashes are made; older bcrypt hashes are replaced at the next login. */
    PasswordHashing password();

    Keys keys();

    Login login();

    /**
     * Backends allowed to get a {@code service} token, as {@code id:secret} (no scopes) or
     * {@code id:secret:scope+scope} entries; the scopes are contracts' {@code Scopes}. Secrets come
     * from a Secret in production.
     */
    Optional<List<String>> clients();

    /** How often expired refresh tokens are deleted (scheduler syntax, e.g. {@code 1h}). */
    @WithDefault("1h")
    String purgeInterval();

    Revocations revocations();

    /** Creates the demo users at start-up (local profile only). */
    @WithDefault("false")
    boolean demoData();

    /** Ended sessions, published for every service to refuse their tokens. */
    interface Revocations {
        /**
         * The longest wait between two attempts to send queued revocations to Kafka; a revocation
         * goes out as soon as its transaction commits, so this paces only retries.
         */
        @WithDefault("1S")
        Duration publishInterval();
    }

    /**
     * Argon2id's cost per hash. The defaults are one of the five settings OWASP lists as equally
     * strong (7 MiB, 5 passes, 1 lane); of those it costs the least CPU (docs/benchmarks.md).
     */
    interface PasswordHashing {
        /** Memory per hash, in KiB. */
        @WithDefault("7168")
        int memoryKib();

        /** Passes over the memory. */
        @WithDefault("5")
        int iterations();

        /** Lanes; they are filled one after another, so more lanes do not make a hash faster. */
        @WithDefault("1")
        int parallelism();

        /**
         * At most this many hashes computed at once, each holding {@code memoryKib} of heap.
         * Default: the processors, but no more than fit in a quarter of the heap.
         */
        Optional<Integer> maxConcurrent();
    }

    interface Keys {
        /** Folder of PKCS#8 PEM private keys, one per file, named {@code <kid>.pem}. */
        Optional<Path> dir();

        /** The key that signs; required when the folder holds more than one. */
        Optional<String> activeKid();

        /** Generate a key pair into {@code dir} when it holds none (local and tests only). */
        @WithDefault("false")
        boolean generate();
    }

    interface Login {
        /**
         * Failed logins for one account from one client address, within {@code window}, before the
         * account is throttled from that address (its owner elsewhere is not).
         */
        @WithDefault("5")
        int maxFailuresPerAccount();

        /**
         * Failed logins for one user account from all addresses together, within {@code window},
         * before it is throttled everywhere: the slower limit on guessing spread over many addresses.
         * Backends' client credentials have none (their secrets are not guessable, and a stranger
         * could otherwise lock a backend out).
         */
        @WithDefault("100")
        int maxFailuresPerAccountEverywhere();

        /** Failed logins from one client address, within {@code window}, before it is throttled. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** Accounts registered from one client address, within {@code window}, before it is throttled. */
        @WithDefault("10")
        int maxRegistrationsPerAddress();

        /** The sliding window failures are counted in, and how long a throttle lasts. */
        @WithDefault("5M")
        Duration window();
    }
}
