package io.switchboard.devstack.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A run's folder: it holds the servers' data and an {@code owner.pid} naming the JVM that runs
 * them, so that a later run can tell a live folder from one a crash left behind.
 */
final class RunDir {

    static final String OWNER_FILE = "owner.pid";

    private RunDir() {
    }

    static void claim(Path runDir) throws IOException {
        createTraversable(runDir);
        Files.writeString(runDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
    }

    /** Creates a folder that the unprivileged PostgreSQL user may walk through. */
    static void createTraversable(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
