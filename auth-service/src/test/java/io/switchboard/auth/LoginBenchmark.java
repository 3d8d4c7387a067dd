package io.switchboard.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.switchboard.devstack.DevStack;
import io.switchboard.devstack.DevStackOptions;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;

/**
 * Logins per second and auth-service's CPU per login: the built service (its target/quarkus-app)
 * runs as its own process on devstack's PostgreSQL, and {@code threads} clients log in over HTTP,
 * one after another, to {@code users} accounts in turn. A program that prints figures, not a test;
 * docs/benchmarks.md says how to run it.
 *
 * <p>{@code -Droot} names the checkout whose auth-service is started (default: the current
 * folder), so that a build of the version before a change is measured by the same program; the
 * service reads its settings (AUTH_PASSWORD_...) from this program's environment. Options:
 * {@code -Dusers=20 -Dthreads=2 -Dwarmup=20 -Dseconds=20}.
 */
public final class LoginBenchmark {

    private static final String PASSWORD = "correct horse battery";
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    public static void main(String[] args) throws Exception {
        var root = Path.of(System.getProperty("root", ".")).toAbsolutePath().normalize();
        int users = Integer.getInteger("users", 20);
        int threads = Integer.getInteger("threads", 2);
        double warmup = Double.parseDouble(System.getProperty("warmup", "20"));
        double seconds = Double.parseDouble(System.getProperty("seconds", "20"));

        var base = DevStackOptions.forTests();
        try (var servers = DevStack.start(new DevStackOptions(base.baseDir(), base.runName(), 0, 0, List.of("auth"), false, "512m"))) {
            var e = servers.endpoints();
            var log = Files.createTempFile("login-benchmark-auth-service", ".log");
            try (var service = ServiceProcess.start(root, "auth-service", ServiceProcess.freePort(), Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl("auth"),
                    "QUARKUS_DATASOURCE_USERNAME", e.postgresUser(),
                    "QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword(),
                    "AUTH_KEYS_DIR", Files.createTempDirectory("login-benchmark-keys").toString(),
                    "AUTH_KEYS_GENERATE", "true"), log)) {
                var usernames = new ArrayList<String>();
                var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = 0; i < users; i++) {
                    var username = "bench" + i;
                    send(http, service.baseUrl() + "/api/auth/register", username, 201);
                    usernames.add(username);
                }
                System.out.printf("auth-service of %s (log %s); stored hashes look like %s%n", root, log, storedHashScheme(e));
                phase(service, usernames, threads, warmup); // the JIT compiles; not reported
                var cpuBefore = cpuByThreadKind(service.pid());
                long start = System.nanoTime();
                long logins = phase(service, usernames, threads, seconds);
                double elapsed = (System.nanoTime() - start) / 1e9;
                var cpuAfter = cpuByThreadKind(service.pid());
                System.out.printf("%d logins in %.1f s by %d clients: %.1f logins/s%n", logins, elapsed, threads, logins / elapsed);
                printCpuPerLogin(cpuBefore, cpuAfter, logins);
                System.out.printf("stored hashes after: %s%n", storedHashScheme(e));
            }
        }
    }

    /** The service's CPU per login by kind of thread, and the total without the JIT compiler. */
    private static void printCpuPerLogin(Map<String, Long> before, Map<String, Long> after, long logins) {
        var kinds = new StringBuilder();
        double total = 0;
        double compiler = 0;
        for (var kind : after.keySet()) {
            double ms = (after.get(kind) - before.getOrDefault(kind, 0L)) / 1e6 / logins;
            total += ms;
            compiler = kind.equals("JIT compiler") ? ms : compiler;
            kinds.append(kinds.isEmpty() ? "" : ", ").append(String.format("%s %.1f", kind, ms));
        }
        System.out.printf("auth-service CPU per login: %.1f ms (%s); without the JIT compiler, which a service"
                + " running for long has stopped: %.1f ms, %.1f logins/s per core%n",
                total, kinds, total - compiler, 1000 / (total - compiler));
    }

    /** Logs in for about {@code seconds} from each of {@code threads} clients; the number of logins. */
    private static long phase(ServiceProcess service, List<String> usernames, int threads, double seconds) throws InterruptedException {
        var logins = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        var clients = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            clients.add(Thread.ofPlatform().start(() -> {
                var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = first; System.nanoTime() < deadline; i += threads) {
                    send(http, service.baseUrl() + "/api/auth/login", usernames.get(i % usernames.size()), 200);
                    logins.incrementAndGet();
                }
            }));
        }
        for (var client : clients) {
            client.join();
        }
        return logins.get();
    }

    private static void send(HttpClient http, String url, String username, int expected) {
        var body = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The scheme and cost part of the stored hashes, e.g. {@code $2a$12} or {@code $argon2id$v=19$m=19456,t=2,p=1}. */
    private static String storedHashScheme(Endpoints e) throws SQLException {
        try (var c = DriverManager.getConnection(e.jdbcUrl("auth"), e.postgresUser(), e.postgresPassword());
             var rows = c.createStatement().executeQuery(
                     "SELECT DISTINCT CASE WHEN password_hash LIKE '$2%' THEN left(password_hash, 6)"
                             + " ELSE regexp_replace(password_hash, '\\$[^$]*\\$[^$]*$', '') END FROM users")) {
            var schemes = new ArrayList<String>();
            while (rows.next()) {
                schemes.add(rows.getString(1));
            }
            return String.join(", ", schemes);
        }
    }

    /** User plus system CPU time of a process so far, by kind of thread, from /proc (Linux). */
    private static Map<String, Long> cpuByThreadKind(long pid) throws IOException {
        var byKind = new TreeMap<String, Long>();
        try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (var thread : threads.toList()) {
                try {
                    var stat = Files.readString(thread.resolve("stat"));
                    var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
                    byKind.merge(kind(name), nanos, Long::sum);
                } catch (NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return byKind;
    }

    private static String kind(String threadName) {
        if (threadName.contains("CompilerThre")) {
            return "JIT compiler";
        }
        if (threadName.startsWith("GC ") || threadName.startsWith("G1 ")) {
            return "garbage collector";
        }
        if (threadName.startsWith("executor-thread") || threadName.startsWith("vert.x-eventloo")) {
            return "requests";
        }
        return "other";
    }
}
