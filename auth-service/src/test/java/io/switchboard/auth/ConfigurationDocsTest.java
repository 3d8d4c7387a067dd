package io.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The configuration table in auth-service/README.md lists exactly the service's auth.* settings. */
class ConfigurationDocsTest {

    @Test
    void everySettingIsDocumentedAndEveryDocumentedSettingExists() throws IOException {
        var settings = new TreeSet<String>();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            var properties = new Properties();
            properties.load(in);
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("auth.")) {
                    settings.add(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
                }
            }
        }
        var readme = Files.readString(Path.of("README.md"));
        Set<String> documented = new TreeSet<>();
        var row = Pattern.compile("^\\| `(AUTH_[A-Z_]+)`", Pattern.MULTILINE).matcher(readme);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).isEqualTo(settings);
    }
}
