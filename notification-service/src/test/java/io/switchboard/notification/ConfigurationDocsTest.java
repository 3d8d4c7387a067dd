package io.switchboard.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.switchboard.devstack.ConfigDocs;

/** The configuration table in notification-service/README.md lists exactly the notifications.* settings. */
class ConfigurationDocsTest {

    @Test
    void everySettingIsDocumentedAndEveryDocumentedSettingExists() {
        assertThat(ConfigDocs.documented(Path.of("README.md"), "notifications"))
                .isEqualTo(ConfigDocs.settings("notifications"));
    }
}
