package io.switchboard.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL, a real KRaft Kafka broker and an S3-compatible object store, run by a child JVM ({@code ServersMain} from
 * devstack-servers) whose classpath was resolved at build time. The child stops both servers
 * when this JVM closes its standard input: on {@link #close()}, and also when this JVM dies in
 * any way, since the pipe closes with it.
 */
public final class DevStack implements Infrastructure, AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "META-INF/switchboard/devstack-servers.classpath";
    /**
     * The servers' one line of news: their ports, PostgreSQL's credentials and, when Kafka asks
     * for logins, its super user's (defined there only).
     */
    private static final Pattern READY = Pattern.compile(
            "DEVSTACK READY postgres=(\\d+) kafka=(\\d+) s3=(\\d+) s3-access-key=(\\S+) s3-secret-key=(\\S+)"
                    + " user=(\\S+) password=(\\S+)(?: kafka-user=(\\S+) kafka-password=(\\S+))?");

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader replies;
    private final Endpoints endpoints;
    private final KafkaLogin kafkaAdmin;

    private DevStack(Process process, PrintWriter commands, BufferedReader replies, Endpoints endpoints,
                     KafkaLogin kafkaAdmin) {
        this.process = process;
        this.commands = commands;
        this.replies = replies;
        this.endpoints = endpoints;
        this.kafkaAdmin = kafkaAdmin;
    }

    /**
     * PostgreSQL's {@code shared_buffers} (for example {@code 1GB}), when set as a system property
     * of the caller: PostgreSQL's own default (128 MB) otherwise. A benchmark sets it to what a
     * production server of its data would have.
     */
    public static final String SHARED_BUFFERS = "devstack.postgres.shared-buffers";

    /** Starts both servers and returns once they accept connections. */
    public static DevStack start(DevStackOptions options) {
        try {
            var runDir = options.baseDir().resolve("runs").resolve(options.runName());
            Files.createDirectories(runDir);
            var command = new ArrayList<>(List.of(
                    javaExecutable(),
                    "-Xmx" + options.heap(),
                    "-Ddevstack.durable=" + options.durable(),
                    "-Ddevstack.kafka.logins=" + options.kafkaLogins(),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.logFile=" + runDir.resolve("kafka.log"),
                    "-cp", serversClasspath(),
                    "io.switchboard.devstack.servers.ServersMain",
                    runDir.toString(),
                    Integer.toString(options.postgresPort()),
                    Integer.toString(options.kafkaPort()),
                    String.join(",", options.databases())));
            var sharedBuffers = System.getProperty(SHARED_BUFFERS);
            if (sharedBuffers != null) {
                command.add(1, "-D" + SHARED_BUFFERS + "=" + sharedBuffers); // for the servers' PostgresServer
            }
            if (!options.fullJit()) {
                command.addAll(1, List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")); // quick to start
            }
            if (Runtime.version().feature() >= 24) {
                command.add(1, "--sun-misc-unsafe-memory-access=allow"); // Kafka still uses sun.misc.Unsafe
                command.add(1, "--enable-native-access=ALL-UNNAMED"); // and lz4/zstd native code
            }
            var process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            var replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            var ready = awaitReady(process, replies, runDir);
            var objectStore = new ObjectStore("http://127.0.0.1:" + ready.group(3), ready.group(4), ready.group(5));
            var endpoints = new Endpoints("127.0.0.1", Integer.parseInt(ready.group(1)), ready.group(6), ready.group(7),
                    "127.0.0.1:" + ready.group(2), Optional.of(objectStore));
            var kafkaAdmin = ready.group(8) == null ? null : new KafkaLogin(ready.group(8), ready.group(9));
            return new DevStack(process, commands, replies, endpoints, kafkaAdmin);
        } catch (IOException e) {
            throw new UncheckedIOException("devstack could not start", e);
        }
    }

    private static MatchResult awaitReady(Process process, BufferedReader replies, Path runDir) throws IOException {
        String line;
        while ((line = replies.readLine()) != null) {
            var ready = READY.matcher(line);
            if (ready.matches()) {
                return ready.toMatchResult();
            }
        }
        process.destroyForcibly();
        throw new IOException("devstack servers exited before they were ready; logs are in " + runDir);
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    /**
     * The broker's super user, when it asks for logins ({@link DevStackOptions#kafkaLogins()}):
     * the login to create the others and their ACLs with.
     */
    public Optional<KafkaLogin> kafkaAdmin() {
        return Optional.ofNullable(kafkaAdmin);
    }

    /** Creates a database unless it exists. */
    @Override
    public void createDatabase(String name) {
        command("createdb " + name);
    }

    @Override
    public void stopKafka() {
        command("kafka stop");
    }

    @Override
    public void startKafka() {
        command("kafka start");
    }

    /**
     * The broker runs in the servers' JVM, so stalling it stops that JVM (PostgreSQL, a process of
     * its own, goes on). No command is answered until {@link #resumeKafka()}.
     */
    @Override
    public void stallKafka() {
        signal("-STOP");
    }

    @Override
    public void resumeKafka() {
        signal("-CONT");
    }

    @Override
    public void stallPostgres() {
        command("postgres stall");
    }

    @Override
    public void resumePostgres() {
        command("postgres resume");
    }

    @Override
    public void stopPostgres() {
        command("postgres stop");
    }

    @Override
    public void startPostgres() {
        command("postgres start");
    }

    @Override
    public void stopObjectStore() {
        command("s3 stop");
    }

    @Override
    public void startObjectStore() {
        command("s3 start");
    }

    private synchronized void signal(String signal) {
        try {
            var kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " failed for the devstack servers");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void command(String command) {
        commands.println(command);
        try {
            var reply = Objects.requireNonNullElse(replies.readLine(), "ERROR devstack servers exited");
            if (!reply.startsWith("OK")) {
                throw new IllegalStateException(reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops both servers and waits until they are down. */
    @Override
    public void close() {
        commands.println("stop");
        commands.close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the servers' JVM without letting it stop anything, as a crash would. */
    void killForTest() {
        process.destroyForcibly();
        process.onExit().join();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String serversClasspath() throws IOException {
        try (var in = DevStack.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IOException(CLASSPATH_RESOURCE + " is missing: build devstack/servers first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
