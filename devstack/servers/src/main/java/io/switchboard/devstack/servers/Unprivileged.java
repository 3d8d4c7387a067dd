package io.switchboard.devstack.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root. When this JVM is root (containers, CI), PostgreSQL's
 * commands run as the unprivileged {@code nobody} user through util-linux's {@code setpriv}, and
 * its folders are handed to that user.
 */
final class Unprivileged {

    private static final int NOBODY = 65534;

    private Unprivileged() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static List<String> command(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        var wrapped = new ArrayList<String>(List.of(
                "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a folder (and all below it) to the user PostgreSQL runs as. */
    static void own(Path dir) throws IOException {
        if (!isRoot()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                Files.setAttribute(p, "unix:uid", NOBODY, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", NOBODY, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

}
