package io.switchboard.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a service says about itself: its port and image name (application.properties, over the
 * defaults every service shares in platform's microprofile-config.properties) and the
 * environment variables its README and the root README document. The manifests are held to it.
 */
record Service(String name, Properties properties, Set<String> documentedVariables) {

    static final Path ROOT = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
    static final List<String> NAMES = List.of("auth-service", "chat-service", "realtime-service", "notification-service");

    private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    static List<Service> all() {
        return NAMES.stream().map(Service::of).toList();
    }

    static Service of(String name) {
        var properties = new Properties();
        load(properties, ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        load(properties, ROOT.resolve(name).resolve("src/main/resources/application.properties"));
        var documented = new TreeSet<String>();
        documented.addAll(variablesIn(ROOT.resolve(name).resolve("README.md")));
        documented.addAll(variablesIn(ROOT.resolve("README.md")));
        return new Service(name, properties, documented);
    }

    private static void load(Properties properties, Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return Integer.parseInt(property("quarkus.http.port"));
    }

    /** The image Jib builds: group/name:tag. */
    String image() {
        return property("quarkus.container-image.group") + "/" + property("quarkus.container-image.name") + ":"
                + property("quarkus.container-image.tag");
    }

    /** A property with {@code ${other:default}} resolved (other from this file, else the default). */
    String property(String key) {
        var value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(name + " has no " + key);
        }
        var placeholder = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}").matcher(value);
        var resolved = new StringBuilder();
        while (placeholder.find()) {
            var inner = properties.containsKey(placeholder.group(1)) ? property(placeholder.group(1)) : placeholder.group(2);
            placeholder.appendReplacement(resolved, inner == null ? "" : inner);
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }

    /** The variables named in the first column of a README's tables. */
    private static Set<String> variablesIn(Path readme) {
        var found = new TreeSet<String>();
        try {
            for (String line : Files.readAllLines(readme)) {
                if (line.startsWith("| ")) {
                    var cell = line.split("\\|")[1];
                    var matcher = VARIABLE.matcher(cell);
                    while (matcher.find()) {
                        found.add(matcher.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
