package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.switchboard.devstack.DevStack;
import io.switchboard.devstack.DevStackOptions;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestTokens;

/**
 * How fast chat-service stores and publishes messages: the built jar on real PostgreSQL and
 * Kafka, driven over HTTP by concurrent senders. Prints, per phase, messages per second, the
 * send request's p50/p99, and p50/p99 from an event's write to Kafka's acknowledgement (from
 * chat_events: published_at is set in the same transaction that saw the acknowledgement).
 *
 * <p>Senders are lean keep-alive HTTP/1.1 clients ({@link KeepAliveHttp}), each on its own thread.
 *
 * <p>A paced phase sends {@code paced.rate} messages/s (25) for {@code paced.seconds} (30) from one
 * member of a {@code paced.members}-member group (1,000) and prints the CPU per message of
 * chat-service, PostgreSQL and the rest (the Kafka broker) twice: as measured, and above what the
 * same processes use while idle (measured for {@code quiet} seconds, 10, just before).
 *
 * <p>Run: {@code ./switchboard bench chat} (system properties {@code senders}, {@code seconds},
 * {@code warmup} seconds, {@code durable} to turn PostgreSQL's fsync on, {@code throughput=false}
 * to run the paced phase only).
 */
public final class ChatSendBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ServiceProcess service;
    private final String baseUrl;
    private final Connection db;

    private ChatSendBenchmark(ServiceProcess service, Connection db) {
        this.service = service;
        this.baseUrl = service.baseUrl();
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int senders = Integer.getInteger("senders", 16);
        int seconds = Integer.getInteger("seconds", 20);
        boolean durable = Boolean.getBoolean("durable");
        var base = DevStackOptions.forTests();
        var options = new DevStackOptions(base.baseDir(), base.runName(), 0, 0, List.of("chat"), durable, "1g", true);
        try (var stack = DevStack.start(options);
             var directory = StubDirectory.start()) {
            var e = stack.endpoints();
            var log = Files.createTempFile("chat-service-bench", ".log");
            var env = Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl("chat"),
                    "QUARKUS_DATASOURCE_USERNAME", e.postgresUser(),
                    "QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword(),
                    "KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers(),
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.get().jwksFile().toUri().toString(),
                    "QUARKUS_REST_CLIENT_AUTH_URL", directory.url(),
                    "QUARKUS_LOG_LEVEL", "WARN");
            try (var service = ServiceProcess.start(root, "chat-service", 18282, env, log);
                 var db = DriverManager.getConnection(e.jdbcUrl("chat"), e.postgresUser(), e.postgresPassword())) {
                System.out.printf("chat-service benchmark: %d cores, PostgreSQL fsync %s, service log %s%n",
                        Runtime.getRuntime().availableProcessors(), durable ? "on" : "off", log);
                var bench = new ChatSendBenchmark(service, db);
                bench.phase("warm-up (not a result)", senders, Integer.getInteger("warmup", 40), false);
                bench.phase("idle: 1 sender, 20 msg/s", 1, 10, false);
                bench.paced(Integer.getInteger("paced.rate", 25), Integer.getInteger("paced.seconds", 30),
                        Integer.getInteger("paced.members", 1000), Integer.getInteger("quiet", 10));
                if (Boolean.parseBoolean(System.getProperty("throughput", "true"))) {
                    bench.phase(senders + " senders, one chat each", senders, seconds, false);
                    bench.phase(senders + " senders, one shared chat", senders, seconds, true);
                }
            }
        }
    }

    private void phase(String name, int senders, int seconds, boolean sharedChat) throws Exception {
        boolean paced = senders == 1;
        var users = new ArrayList<UUID>();
        var tokens = new ArrayList<String>();
        for (int i = 0; i < senders; i++) {
            var id = UUID.randomUUID();
            users.add(id);
            tokens.add(TestTokens.get().token(id, "bench" + i));
        }
        var chats = new ArrayList<String>();
        if (sharedChat) {
            var members = users.subList(1, users.size()).stream().map(u -> "\"" + u + "\"").toList();
            var shared = create(tokens.getFirst(), "{\"type\":\"group\",\"title\":\"bench\",\"member_ids\":" + members + "}");
            users.forEach(u -> chats.add(shared));
        } else {
            for (int i = 0; i < senders; i++) {
                chats.add(create(tokens.get(i), "{\"type\":\"direct\",\"user_id\":\"" + UUID.randomUUID() + "\"}"));
            }
        }
        var latencies = new ConcurrentLinkedQueue<Long>();
        var errors = new AtomicLong();
        var start = new CountDownLatch(1);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < senders; i++) {
            var token = tokens.get(i);
            var chat = chats.get(i);
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                var path = "/api/chats/" + chat + "/messages";
                int n = 0;
                KeepAliveHttp connection = null;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        connection = connection != null ? connection : new KeepAliveHttp(URI.create(baseUrl));
                        if (connection.post(path, token, "{\"content\":\"message " + n++ + "\"}") == 201) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        closeQuietly(connection);
                        connection = null;
                    }
                    if (paced) {
                        Bench.pause(Duration.ofMillis(50));
                    }
                }
                closeQuietly(connection);
            }));
        }
        var cpu = CpuAccount.start(Map.of("chat-service", service));
        long began = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        var distinctChats = chats.stream().distinct().toList();
        awaitPublished(distinctChats);
        var sends = latencies.stream().mapToLong(Long::longValue).toArray();
        var lag = publishLagMillis(distinctChats);
        System.out.printf("%-34s %7d msgs %8.0f msg/s  send p50 %6.2f ms p99 %6.2f ms  write->ack p50 %6.2f ms p99 %6.2f ms  errors %d%n",
                name, sends.length, sends.length / elapsed, Bench.quantile(sends, 0.5) / 1e6,
                Bench.quantile(sends, 0.99) / 1e6, lag[0], lag[1], errors.get());
        System.out.println(cpu.perUnit(sends.length, "message"));
    }

    /**
     * One sender at a fixed rate into a large group: the cost of a message to the non-realtime part
     * of the stack, with and without what the processes spend while idle.
     */
    private void paced(int rate, int seconds, int members, int quietSeconds) throws Exception {
        var sender = UUID.randomUUID();
        var token = TestTokens.get().token(sender, "paced-sender");
        var others = new ArrayList<String>();
        for (int i = 1; i < members; i++) {
            others.add("\"" + UUID.randomUUID() + "\"");
        }
        var chat = create(token, "{\"type\":\"group\",\"title\":\"paced\",\"member_ids\":" + others + "}");
        var idle = CpuAccount.start(Map.of("chat-service", service));
        Bench.pause(Duration.ofSeconds(quietSeconds));
        var idleUsed = idle.used();

        var path = "/api/chats/" + chat + "/messages";
        var sends = new long[rate * seconds];
        long period = 1_000_000_000L / rate;
        var cpu = CpuAccount.start(Map.of("chat-service", service));
        long began = System.nanoTime();
        int sent = 0;
        try (var connection = new KeepAliveHttp(URI.create(baseUrl))) {
            for (; sent < sends.length; sent++) {
                long due = began + sent * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Bench.pause(Duration.ofNanos(wait));
                }
                long t0 = System.nanoTime();
                int status = connection.post(path, token, "{\"content\":\"paced " + sent + "\"}");
                if (status != 201) {
                    throw new IllegalStateException("a paced send answered " + status);
                }
                sends[sent] = System.nanoTime() - t0;
            }
        }
        awaitPublished(List.of(chat));
        double elapsed = (System.nanoTime() - began) / 1e9;
        var lag = publishLagMillis(List.of(chat));
        System.out.printf("%-34s %7d msgs %8.0f msg/s  send p50 %6.2f ms p99 %6.2f ms  write->ack p50 %6.2f ms p99 %6.2f ms%n",
                "paced: " + rate + " msg/s, " + members + " members", sent, sent / elapsed, Bench.quantile(sends, 0.5) / 1e6,
                Bench.quantile(sends, 0.99) / 1e6, lag[0], lag[1]);
        System.out.println(cpu.perUnit(sent, "message"));
        System.out.println(cpu.perUnitAboveIdle(idleUsed, quietSeconds, elapsed, sent, "message"));
    }

    private String create(String token, String body) throws IOException, InterruptedException {
        var response = http.send(post("/api/chats", token, body), HttpResponse.BodyHandlers.ofString());
        var id = ID.matcher(response.body());
        if (response.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("creating a chat failed: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    private HttpRequest post(String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private void awaitPublished(List<String> chats) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (var s = db.prepareStatement(
                    "SELECT count(*) FROM chat_events WHERE chat_id = ANY(?) AND published_at IS NULL")) {
                s.setArray(1, db.createArrayOf("uuid", chats.stream().map(UUID::fromString).toArray()));
                var rows = s.executeQuery();
                rows.next();
                if (rows.getLong(1) == 0) {
                    return;
                }
            }
            Bench.pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("events still unpublished after 60 s");
    }

    private double[] publishLagMillis(List<String> chats) throws SQLException {
        try (var s = db.prepareStatement("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)
                FROM (SELECT extract(epoch FROM published_at - created_at) * 1000 AS lag
                      FROM chat_events WHERE chat_id = ANY(?) AND type = 'message.created') l""")) {
            s.setArray(1, db.createArrayOf("uuid", chats.stream().map(UUID::fromString).toArray()));
            var rows = s.executeQuery();
            rows.next();
            return new double[] {rows.getDouble(1), rows.getDouble(2)};
        }
    }

    private static void closeQuietly(KeepAliveHttp connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (IOException e) {
            // closing a connection that already failed
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
