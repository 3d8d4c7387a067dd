package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/security.md names, for each control, the test that fails when it breaks: every test class
 * and method it names exists, so that a renamed or removed test shows here.
 */
class SecurityDocTest {

    private static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)(?:\\.([a-zA-Z0-9]+))?`");

    @Test
    void everyTestTheSecurityDocNamesExists() throws IOException {
        var doc = Files.readString(Service.ROOT.resolve("docs/security.md"));
        var matcher = REFERENCE.matcher(doc);
        var missing = new ArrayList<String>();
        int named = 0;
        while (matcher.find()) {
            named++;
            var sources = sourcesOf(matcher.group(1));
            if (sources.isEmpty()) {
                missing.add(matcher.group());
            } else if (matcher.group(2) != null && sources.stream().noneMatch(
                    source -> read(source).contains("void " + matcher.group(2) + "("))) {
                missing.add(matcher.group());
            }
        }
        assertThat(named).as("tests named").isGreaterThan(10);
        assertThat(missing).as("named in docs/security.md but not found").isEmpty();
    }

    private static List<Path> sourcesOf(String testClass) throws IOException {
        try (Stream<Path> files = Files.walk(Service.ROOT)) {
            return files.filter(p -> p.getFileName().toString().equals(testClass + ".java"))
                    .filter(p -> p.toString().contains("/src/test/java/")).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
