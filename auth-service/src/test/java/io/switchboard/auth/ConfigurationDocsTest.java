package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.switchboard.devstack.ConfigDocs;

/** The configuration table in auth-service/README.md lists exactly the service's auth.* settings. */
class ConfigurationDocsTest {

    @Test
    void everySettingIsDocumentedAndEveryDocumentedSettingExists() {
        assertThat(ConfigDocs.documented(Path.of("README.md"), "auth")).isEqualTo(ConfigDocs.settings("auth"));
    }
}
