package io.switchboard.auth.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Argon2id implementation gives the hashes other implementations give, in the format they read and write. */
class Argon2idTest {

    /** Hashes made by libargon2, the reference implementation, as published in argon2-cffi's documentation. */
    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            "correct_horse_battery_staple $argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg",
            "s3kr3tp4ssw0rd $argon2id$v=19$m=102400,t=2,p=8$tSm+JOWigOgPZx/g44K5fQ$WDyus6py50bVFIPkjA28lQ"})
    void verifiesHashesMadeByTheReferenceImplementation(String password, String encoded) {
        var hash = Argon2idHash.parse(encoded).orElseThrow();
        assertThat(hash.matches(utf8(password.replace('_', ' ')))).isTrue();
        assertThat(hash.matches(utf8("Tr0ub4dor&3"))).isFalse();
        assertThat(hash.encoded()).isEqualTo(encoded);
    }

    /** Random costs, passwords, salts and lengths (below and above BLAKE2b's 64 bytes) against Bouncy Castle's Argon2. */
    @Test
    void agreesWithBouncyCastle() {
        var random = new Random(19);
        for (int i = 0; i < 200; i++) {
            int lanes = 1 + random.nextInt(4);
            var cost = new Argon2Cost(8 * lanes + random.nextInt(256), 1 + random.nextInt(4), lanes);
            var password = new byte[random.nextInt(80)];
            var salt = new byte[8 + random.nextInt(25)];
            random.nextBytes(password);
            random.nextBytes(salt);
            int length = 4 + random.nextInt(124);
            assertThat(Argon2id.hash(password, salt, cost, length)).as("%s, %d bytes", cost, length)
                    .isEqualTo(bouncyCastle(password, salt, cost, length));
        }
    }

    @Test
    void writesThePhcStringFormat() {
        var hash = Argon2idHash.of(utf8("correct horse battery"), new byte[16], new Argon2Cost(19456, 2, 1), 32);
        assertThat(hash.encoded())
                .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$AAAAAAAAAAAAAAAAAAAAAA\\$[A-Za-z0-9+/]{43}");
        var read = Argon2idHash.parse(hash.encoded()).orElseThrow();
        assertThat(read.cost()).isEqualTo(hash.cost());
        assertThat(read.salt()).isEqualTo(hash.salt());
        assertThat(read.hash()).isEqualTo(hash.hash());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "$2a$04$abcdefghijklmnopqrstuu5m8B1LqU6mVZlm.oCJsw2GhBRvV4uHa",
            "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
            "$argon2d$v=19$m=64,t=1,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
            "$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
            "$argon2id$v=19$m=64,t=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
            "$argon2id$v=19$m=64,t=0,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
            "$argon2id$v=19$m=15,t=1,p=2$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$9sTbS",
            "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ$"})
    void refusesWhatIsNotAWellFormedArgon2idHash(String encoded) {
        assertThat(Argon2idHash.parse(encoded)).isEmpty();
    }

    @Test
    void refusesCostsArgon2DoesNotDefine() {
        assertThatThrownBy(() -> new Argon2Cost(15, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Cost(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Cost(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Cost(64, 1, Argon2Cost.MAX_PARALLELISM + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Cost(Argon2Cost.MAX_MEMORY_KIB + 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, Argon2Cost cost, int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build());
        var out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
