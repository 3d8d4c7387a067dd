package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.switchboard.devstack.ConfigDocs;

/** The configuration table in realtime-service/README.md lists exactly the service's realtime.* settings. */
class ConfigurationDocsTest {

    @Test
    void everySettingIsDocumentedAndEveryDocumentedSettingExists() {
        assertThat(ConfigDocs.documented(Path.of("README.md"), "realtime")).isEqualTo(ConfigDocs.settings("realtime"));
    }
}
