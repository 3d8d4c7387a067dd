package io.switchboard.devstack.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cleans up after runs that ended without stopping their servers (a killed JVM): their
 * PostgreSQL keeps running as an orphan and would hold memory and ports. A run folder whose owner
 * is dead gets its postmaster killed; a throw-away (test) folder is then deleted.
 */
final class StaleRuns {

    private StaleRuns() {
    }

    static void clean(Path runsDir) throws IOException {
        if (!Files.isDirectory(runsDir)) {
            return;
        }
        try (Stream<Path> runs = Files.list(runsDir)) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                if (ownerAlive(run)) {
                    continue;
                }
                killOrphanPostmaster(run.resolve("postgres").resolve("data"));
                if (run.getFileName().toString().startsWith(RunNames.THROWAWAY_PREFIX)) {
                    deleteTree(run);
                }
            }
        }
    }

    private static boolean ownerAlive(Path run) {
        return readPid(run.resolve(RunDir.OWNER_FILE))
                .flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    static void killOrphanPostmaster(Path dataDir) {
        readPid(dataDir.resolve("postmaster.pid"))
                .flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .ifPresent(postmaster -> {
                    postmaster.destroyForcibly();
                    postmaster.onExit().join();
                });
    }

    private static Optional<Long> readPid(Path file) {
        try {
            var firstLine = Files.readAllLines(file).stream().findFirst().orElse("").trim();
            return Optional.of(Long.parseLong(firstLine));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
