package io.switchboard.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * contracts holds the wire and nothing that runs: its sources use the JDK, Jackson and
 * themselves, plus Quarkus' one annotation that registers records for native images. Runtime
 * pieces belong in platform.
 */
class WireOnlyTest {

    private static final List<String> ALLOWED = List.of("java.", "com.fasterxml.jackson.", "io.switchboard.contracts.",
            "io.quarkus.runtime.annotations.RegisterForReflection");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void contractsImportOnlyTheJdkJacksonAndThemselves() throws IOException {
        var foreign = new TreeSet<String>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path source : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                var imports = IMPORT.matcher(read(source));
                while (imports.find()) {
                    var imported = imports.group(1);
                    if (ALLOWED.stream().noneMatch(imported::startsWith)) {
                        foreign.add(source.getFileName() + ": " + imported);
                    }
                }
            }
        }
        assertThat(foreign).isEmpty();
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
