package io.switchboard.auth.password;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stored Argon2id hash in the PHC string format that libargon2 and most other implementations
 * read and write, {@code $argon2id$v=19$m=7168,t=5,p=1$<salt>$<hash>} with salt and hash in Base64
 * without padding: a hash says how it was made, so the cost can change while old hashes still verify.
 * (Arrays in a record compare by identity; nothing compares these.)
 */
record Argon2idHash(Argon2Cost cost, byte[] salt, byte[] hash) {

    static final String PREFIX = "$argon2id$v=" + Argon2id.VERSION + "$";
    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,8}),p=(\\d{1,8})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    /** RFC 9106's minimums. */
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_HASH_BYTES = 4;

    /** Hashes the password with the salt. */
    static Argon2idHash of(byte[] password, byte[] salt, Argon2Cost cost, int hashBytes) {
        return new Argon2idHash(cost, salt, Argon2id.hash(password, salt, cost, hashBytes));
    }

    /** The hash in a stored string; empty if the string is not a well-formed Argon2id hash. */
    static Optional<Argon2idHash> parse(String encoded) {
        var m = FORMAT.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            var cost = new Argon2Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            var salt = Base64.getDecoder().decode(m.group(4));
            var hash = Base64.getDecoder().decode(m.group(5));
            if (salt.length < MIN_SALT_BYTES || hash.length < MIN_HASH_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new Argon2idHash(cost, salt, hash));
        } catch (IllegalArgumentException e) { // a bad cost or bad Base64
            return Optional.empty();
        }
    }

    /** Whether the password hashes to this hash with this salt and cost, compared in constant time. */
    boolean matches(byte[] password) {
        return MessageDigest.isEqual(Argon2id.hash(password, salt, cost, hash.length), hash);
    }

    String encoded() {
        var base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + cost + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }
}
