package io.switchboard.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, generating and choosing signing keys: the ground rotation stands on. */
class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyIsGeneratedOnceAndKeptWhenGenerationIsOn() throws Exception {
        var first = new SigningKeys(dir, null, true);
        var second = new SigningKeys(dir, null, true);
        assertThat(second.active().kid()).isEqualTo(first.active().kid());
        try (var files = Files.list(dir)) {
            var keyFile = files.findFirst().orElseThrow();
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void withoutKeysAndWithoutGenerationStartUpFails() {
        assertThatThrownBy(() -> new SigningKeys(dir, null, false)).hasMessageContaining("no signing key");
    }

    @Test
    void everyKeyIsPublishedButOnlyTheActiveOneSigns() throws Exception {
        SigningKeys.generate(dir, "old");
        SigningKeys.generate(dir, "new");
        var keys = new SigningKeys(dir, "new", false);
        assertThat(keys.active().kid()).isEqualTo("new");
        assertThat(keys.published()).extracting(SigningKey::kid).containsExactly("new", "old");
    }

    @Test
    void twoKeysWithoutAnActiveOneIsAnErrorNotAGuess() throws Exception {
        SigningKeys.generate(dir, "a");
        SigningKeys.generate(dir, "b");
        assertThatThrownBy(() -> new SigningKeys(dir, null, false)).hasMessageContaining("active-kid");
        assertThatThrownBy(() -> new SigningKeys(dir, "c", false)).hasMessageContaining("not in");
    }

    @Test
    void aFileThatIsNotAKeyIsNamedInTheError() throws Exception {
        Files.writeString(dir.resolve("broken.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new SigningKeys(dir, null, false)).hasMessageContaining("broken.pem");
    }
}
