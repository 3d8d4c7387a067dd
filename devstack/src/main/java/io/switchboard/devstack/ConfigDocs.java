package io.switchboard.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Keeps a service's README configuration table true: what a service reads under its prefix
 * (from application.properties) against the environment variables its README lists.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /** The environment variables of the service's own settings ({@code chat.x-y} → {@code CHAT_X_Y}). */
    public static SortedSet<String> settings(String prefix) {
        var settings = new TreeSet<String>();
        try (InputStream in = ConfigDocs.class.getClassLoader().getResourceAsStream("application.properties")) {
            var properties = new Properties();
            properties.load(in);
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith(prefix + ".")) {
                    settings.add(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    /** The variables named in the first column of the README's tables that start with the prefix. */
    public static SortedSet<String> documented(Path readme, String prefix) {
        var documented = new TreeSet<String>();
        try {
            var row = Pattern.compile("^\\| `(" + prefix.toUpperCase(Locale.ROOT) + "_[A-Z_]+)`", Pattern.MULTILINE)
                    .matcher(Files.readString(readme));
            while (row.find()) {
                documented.add(row.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documented;
    }
}
