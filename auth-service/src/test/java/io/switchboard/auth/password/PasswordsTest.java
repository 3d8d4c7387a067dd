package io.switchboard.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.elytron.security.common.BcryptUtil;

/** What a login relies on: new hashes in the configured scheme, old ones still verifying and marked for replacement. */
class PasswordsTest {

    private static final Argon2Cost COST = new Argon2Cost(64, 1, 2);
    private final Passwords passwords = new Passwords(COST, Optional.of(2));

    @Test
    void newHashesAreArgon2idWithTheConfiguredCostAndAFreshSalt() {
        var hash = passwords.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=64,t=1,p=2$");
        assertThat(passwords.matches("correct horse battery", hash)).isTrue();
        assertThat(passwords.matches("correct horse battery!", hash)).isFalse();
        assertThat(passwords.needsRehash(hash)).isFalse();
        assertThat(passwords.hash("correct horse battery")).isNotEqualTo(hash);
    }

    @Test
    void bcryptHashesFromBeforeStillVerifyAndAreMarkedForReplacement() {
        var bcrypt = BcryptUtil.bcryptHash("correct horse battery", 4);
        assertThat(passwords.matches("correct horse battery", bcrypt)).isTrue();
        assertThat(passwords.matches("correct horse batterY", bcrypt)).isFalse();
        assertThat(passwords.needsRehash(bcrypt)).isTrue();
    }

    @Test
    void argon2idHashesOfAnotherCostVerifyAndAreMarkedForReplacement() {
        var weaker = new Passwords(new Argon2Cost(32, 1, 1), Optional.empty()).hash("correct horse battery");
        var stronger = new Passwords(new Argon2Cost(128, 2, 2), Optional.empty()).hash("correct horse battery");
        for (var hash : new String[] {weaker, stronger}) {
            assertThat(passwords.matches("correct horse battery", hash)).isTrue();
            assertThat(passwords.needsRehash(hash)).isTrue();
        }
    }

    @Test
    void unreadableStoredHashesMatchNothing() {
        for (var stored : new String[] {"", "plain text", "$2a$04$broken", "$argon2id$v=19$m=64,t=1,p=2$AAAA$AAAA", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAA"}) {
            assertThat(passwords.matches("correct horse battery", stored)).as(stored).isFalse();
        }
    }

    /** Each hash holds its memory until it ends: no more run at once than fit in a quarter of the heap. */
    @Test
    void noMoreHashesRunAtOnceByDefaultThanAQuarterOfTheHeapHolds() {
        long heapKib = Runtime.getRuntime().maxMemory() / 1024;
        assertThat(Passwords.defaultMaxConcurrent(new Argon2Cost((int) Math.min(Integer.MAX_VALUE, heapKib / 2), 1, 1))).isEqualTo(1);
        assertThat(Passwords.defaultMaxConcurrent(new Argon2Cost(64, 1, 1))).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
