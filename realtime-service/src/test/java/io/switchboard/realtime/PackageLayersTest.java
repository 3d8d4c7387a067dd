package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * realtime-service's packages are layers: each uses only the packages below it (docs/architecture.md
 * lists them and their roles), so no two packages use each other. Read from the sources, any
 * mention of another package counts, imported or written out in full.
 */
class PackageLayersTest {

    /** From the bottom up. */
    static final List<String> LAYERS = List.of("config", "socket", "chats", "cluster", "delivery", "presence", "typing",
            "security", "protocol", "gateway");

    private static final Path SOURCES = Path.of("src/main/java/io/switchboard/realtime");
    private static final Pattern MENTION = Pattern.compile("io\\.switchboard\\.realtime\\.([a-z]+)\\.");

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        var upward = new ArrayList<String>();
        for (Path source : sources()) {
            var layer = SOURCES.relativize(source).getName(0).toString();
            int level = LAYERS.indexOf(layer);
            var matcher = MENTION.matcher(read(source));
            while (matcher.find()) {
                var used = matcher.group(1);
                if (!used.equals(layer) && LAYERS.indexOf(used) >= level) {
                    upward.add(SOURCES.relativize(source) + " uses " + used);
                }
            }
        }
        assertThat(upward).as("uses of a package at the same layer or above").isEmpty();
    }

    @Test
    void everyPackageHasItsLayer() {
        var packages = new TreeSet<String>();
        sources().forEach(source -> {
            var relative = SOURCES.relativize(source);
            if (relative.getNameCount() > 1) {
                packages.add(relative.getName(0).toString());
            }
        });
        assertThat(packages).as("packages not in LAYERS (add each where it belongs, and to docs/architecture.md)")
                .isSubsetOf(LAYERS);
        assertThat(packages).containsAll(LAYERS);
    }

    @Test
    void theArchitectureDocumentListsTheLayersInOrder() {
        var doc = read(Path.of("..", "docs", "architecture.md"));
        var section = doc.substring(doc.indexOf("## realtime-service"));
        var table = section.substring(0, section.indexOf("```")); // the packages come before the diagram
        var listed = new ArrayList<String>();
        var row = Pattern.compile("^\\| `([a-z]+)` \\|", Pattern.MULTILINE).matcher(table);
        while (row.find()) {
            listed.add(row.group(1));
        }
        assertThat(listed).isEqualTo(LAYERS);
    }

    private static List<Path> sources() {
        try (var files = Files.walk(SOURCES)) {
            return files.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
