package io.switchboard.devstack.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server from the embedded binaries: initdb on first use, then the postmaster
 * as a child process listening on loopback only. The data folder persists between runs that use
 * the same run folder.
 */
final class PostgresServer {

    static final String USER = "switchboard";
    static final String PASSWORD = "switchboard";
    private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Path home;
    private final Path dataDir;
    private final Path binariesCache;
    private final int port;
    private Path binaries;
    private Process postmaster;

    PostgresServer(Path home, Path binariesCache, int port) {
        this.home = home;
        this.binariesCache = binariesCache;
        this.dataDir = home.resolve("data");
        this.port = port;
    }

    void start() throws IOException, InterruptedException {
        binaries = PostgresBinaries.install(binariesCache);
        RunDir.createTraversable(home);
        StaleRuns.killOrphanPostmaster(dataDir);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb();
        }
        var log = home.resolve("postgres.log");
        // Tests trade crash safety for speed; the local stack keeps every safeguard on.
        var safe = Boolean.getBoolean("devstack.durable") ? "on" : "off";
        var postgres = new ArrayList<>(List.of(
                binaries.resolve("bin/postgres").toString(),
                "-D", dataDir.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "max_connections=300",
                "-c", "fsync=" + safe,
                "-c", "synchronous_commit=" + safe,
                "-c", "full_page_writes=" + safe));
        var sharedBuffers = System.getProperty("devstack.postgres.shared-buffers"); // DevStack.SHARED_BUFFERS
        if (sharedBuffers != null) {
            postgres.addAll(List.of("-c", "shared_buffers=" + sharedBuffers));
        }
        var command = Unprivileged.command(postgres);
        postmaster = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitReady(log);
    }

    private void initdb() throws IOException, InterruptedException {
        StaleRuns.deleteTree(dataDir);
        Files.createDirectories(dataDir);
        var pwFile = home.resolve("pwfile");
        Files.writeString(pwFile, PASSWORD + "\n");
        Unprivileged.own(home);
        var command = new ArrayList<>(Unprivileged.command(List.of(
                binaries.resolve("bin/initdb").toString(),
                "-D", dataDir.toString(),
                "-U", USER,
                "--pwfile=" + pwFile,
                "--auth=scram-sha-256",
                "-E", "UTF8",
                "--locale=C",
                "--no-sync")));
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("initdb.log").toFile()))
                .start();
        if (process.waitFor() != 0) {
            throw new IOException("initdb failed; see " + home.resolve("initdb.log"));
        }
        Files.delete(pwFile);
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        var deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!postmaster.isAlive()) {
                throw new IOException("PostgreSQL exited with " + postmaster.exitValue() + "; see " + log);
            }
            try (var ignored = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100); // polling the server until it accepts connections
            }
        }
        throw new IOException("PostgreSQL did not accept connections within 60 s; see " + log, last);
    }

    void createDatabase(String name) throws SQLException {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad database name: " + name);
        }
        try (var connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (exists.executeQuery().next()) {
                return;
            }
            try (var create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Freezes the postmaster and every backend with SIGSTOP: connections stay open and every query
     * hangs, as on a server that stalls (a long I/O wait, a VM paused). {@link #resumeStalled()}
     * lets them go on.
     */
    void stall() throws IOException, InterruptedException {
        signalAll("-STOP");
    }

    void resumeStalled() throws IOException, InterruptedException {
        signalAll("-CONT");
    }

    private void signalAll(String signal) throws IOException, InterruptedException {
        if (postmaster == null || !postmaster.isAlive()) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        var pids = new ArrayList<String>();
        pids.add(Long.toString(postmaster.pid()));
        postmaster.descendants().forEach(child -> pids.add(Long.toString(child.pid())));
        var command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    void stop() {
        if (postmaster == null || !postmaster.isAlive()) {
            return;
        }
        // SIGINT is PostgreSQL's "fast" shutdown: it ends client sessions instead of waiting for them.
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
            if (!postmaster.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                postmaster.destroyForcibly();
            }
        } catch (IOException e) {
            postmaster.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            postmaster.destroyForcibly();
        }
    }
}
