package io.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * A copy of the services' builds ({@code <module>/target/quarkus-app}) for a long run of its own.
 * A process loads classes from its jars for as long as it runs, and an instance restarted halfway
 * should be the same build as the others: a rebuild in the project's folder meanwhile (someone
 * working on the code) must reach neither. The copy is taken only of a build that has stopped
 * changing.
 */
final class ServiceBuilds {

    static final List<String> MODULES = List.of("auth-service", "chat-service", "realtime-service",
            "notification-service");

    private static final Duration SETTLED = Duration.ofSeconds(5);

    private ServiceBuilds() {
    }

    /** Copies each module's build from {@code root} into {@code into} (same layout); {@code into}. */
    static Path copy(Path root, Path into) {
        for (var module : MODULES) {
            copySettled(root.resolve(module).resolve("target/quarkus-app"), into.resolve(module).resolve("target/quarkus-app"));
        }
        return into;
    }

    private static void copySettled(Path from, Path to) {
        if (!Files.exists(from.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(from + " has no quarkus-run.jar: build the module first");
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            long before = newestChange(from);
            if (System.currentTimeMillis() - before > SETTLED.toMillis()) {
                try {
                    deleteTree(to);
                    copyTree(from, to);
                    if (newestChange(from) == before && Files.exists(from.resolve("quarkus-run.jar"))) {
                        return;
                    }
                } catch (UncheckedIOException e) {
                    // a file went away while it was copied: a build started; wait for it to end
                }
            }
            try {
                Thread.sleep(SETTLED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while copying " + from, e);
            }
        }
        throw new IllegalStateException(from + " kept changing for 5 minutes (a build under way?)");
    }

    private static long newestChange(Path folder) {
        try (var files = Files.walk(folder)) {
            return files.mapToLong(path -> {
                try {
                    return Files.getLastModifiedTime(path).toMillis();
                } catch (IOException e) {
                    return System.currentTimeMillis(); // gone while we looked: it is changing
                }
            }).max().orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return System.currentTimeMillis();
        }
    }

    private static void copyTree(Path from, Path to) {
        try (var files = Files.walk(from)) {
            for (var path : files.toList()) {
                var target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + from, e);
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            for (var path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + folder, e);
        }
    }
}
