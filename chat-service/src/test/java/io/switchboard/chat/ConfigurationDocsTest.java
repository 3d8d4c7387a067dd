package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.switchboard.devstack.ConfigDocs;

/** The configuration table in chat-service/README.md lists exactly the service's chat.* settings. */
class ConfigurationDocsTest {

    @Test
    void everySettingIsDocumentedAndEveryDocumentedSettingExists() {
        assertThat(ConfigDocs.documented(Path.of("README.md"), "chat")).isEqualTo(ConfigDocs.settings("chat"));
    }
}
