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

    /** bcrypt cost factor for password hashes (2^cost rounds). */
    @WithDefault("12")
    int bcryptCost();

    Keys keys();

    Login login();

    /**
     * Backends allowed to get a {@code service} token, as {@code id:secret} pairs. Secrets come
     * from a Secret in production.
     */
    Optional<List<String>> clients();

    /** How often expired refresh tokens are deleted (scheduler syntax, e.g. {@code 1h}). */
    @WithDefault("1h")
    String purgeInterval();

    /** Creates the demo users at start-up (local profile only). */
    @WithDefault("false")
    boolean demoData();

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
        /** Failed logins for one account, within {@code window}, before it is throttled. */
        @WithDefault("5")
        int maxFailuresPerAccount();

        /** Failed logins from one client address, within {@code window}, before it is throttled. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** The sliding window failures are counted in, and how long a throttle lasts. */
        @WithDefault("5M")
        Duration window();
    }
}
