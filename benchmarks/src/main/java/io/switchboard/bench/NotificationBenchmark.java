package io.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestSocket;
import io.switchboard.devstack.TestTokens;

/**
 * How far notification-service falls behind a 1,000-member group whose members are offline: the
 * built jars of chat-service, realtime-service and notification-service on real PostgreSQL and
 * Kafka, one member sending over REST at rising rates, {@code online} members connected (they must
 * get no notification), the rest never connected.
 *
 * <p>Per phase: the lag of each message, from its creation in chat-service ({@code sent_at}) to
 * notification-service storing it ({@code stored_at}, its own clock and table, so nothing is
 * sampled), p50/p99/max; the largest consumer lag the service reported
 * ({@code switchboard_notifications_consumer_lag}, events, sampled every 500 ms); CPU per message
 * by process. At the end: the notifications of the online members (0 expected) and of the offline
 * ones (one each, counting every message).
 *
 * <p>Run: {@code ./switchboard bench notifications} (system properties {@code members} (1,000),
 * {@code online} (10), {@code seconds} (20) per phase, {@code rates} (25,50,100) messages/s,
 * {@code warmup} (30) seconds at 25 messages/s before the figures: the first message's
 * per-recipient work and the JIT).
 */
public final class NotificationBenchmark {

    private static final Pattern LAG = Pattern.compile(
            "(?m)^switchboard_notifications_consumer_lag(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TestTokens tokens = TestTokens.get();
    private final ServiceProcess chat;
    private final ServiceProcess notification;
    private final Connection notificationDb;

    private NotificationBenchmark(ServiceProcess chat, ServiceProcess notification, Connection notificationDb) {
        this.chat = chat;
        this.notification = notification;
        this.notificationDb = notificationDb;
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int members = Integer.getInteger("members", 1_000);
        int online = Integer.getInteger("online", 10);
        int seconds = Integer.getInteger("seconds", 20);
        int warmUp = Integer.getInteger("warmup", 30);
        var rates = System.getProperty("rates", "25,50,100");
        try (var stack = Bench.devStack("chat", "realtime", "notification"); var directory = StubDirectory.start()) {
            var e = stack.endpoints();
            var logs = Files.createTempDirectory("notification-bench");
            System.out.printf("notification-service benchmark: %d cores; logs in %s%n",
                    Runtime.getRuntime().availableProcessors(), logs);
            try (var chat = Bench.startChat(root, e, directory, logs);
                 var realtime = ServiceProcess.start(root, "realtime-service", ServiceProcess.freePort(),
                         Bench.realtimeEnv(e, chat, directory), logs.resolve("realtime-service.log"));
                 var notification = ServiceProcess.start(root, "notification-service", ServiceProcess.freePort(),
                         Bench.serviceEnv(e, "notification", Map.of(
                                 "QUARKUS_REST_CLIENT_CHAT_URL", chat.baseUrl(),
                                 "QUARKUS_REST_CLIENT_REALTIME_URL", realtime.baseUrl(),
                                 "QUARKUS_REST_CLIENT_AUTH_URL", directory.url(),
                                 "SWITCHBOARD_SERVICE_CLIENT_SECRET", "bench")),
                         logs.resolve("notification-service.log"));
                 var db = connect(e)) {
                var bench = new NotificationBenchmark(chat, notification, db);
                bench.run(realtime, members, online, seconds, warmUp, rates,
                        Map.of("chat-service", chat, "realtime-service", realtime, "notification-service", notification));
            }
        }
        System.exit(0);
    }

    private static Connection connect(Endpoints e) throws SQLException {
        return DriverManager.getConnection(e.jdbcUrl("notification"), e.postgresUser(), e.postgresPassword());
    }

    private void run(ServiceProcess realtime, int members, int online, int seconds, int warmUp, String rates,
                     Map<String, ServiceProcess> services) throws Exception {
        var sender = UUID.randomUUID();
        var senderToken = tokens.token(sender, "sender", "user");
        var others = new ArrayList<UUID>();
        for (int i = 1; i < members; i++) {
            others.add(UUID.randomUUID());
        }
        var onlineUsers = others.subList(0, Math.min(online, others.size()));
        var wsUrl = realtime.baseUrl().replace("http://", "ws://") + "/ws";
        var sockets = new ArrayList<TestSocket>();
        for (UUID user : onlineUsers) {
            sockets.add(TestSocket.connect(wsUrl, tokens.token(user, "online-" + user, "user")));
        }
        var group = Bench.createGroup(http, chat.baseUrl(), senderToken, others);
        System.out.printf("%none group of %,d members: %d connected, %,d never connected; sends over REST%n",
                members, onlineUsers.size(), members - 1 - onlineUsers.size());

        var warm = phase(group, senderToken, 25, warmUp, services);
        System.out.printf("warm-up, 25 messages/s for %d s (each offline member's first miss): lag p50 %.0f ms,"
                + " p99 %.0f ms, max %.0f ms%n", warmUp, warm.p50, warm.p99, warm.max);
        System.out.printf("%n  %9s %9s %12s %12s %12s %14s%n", "msg/s", "handled", "lag p50 ms", "lag p99 ms",
                "lag max ms", "max lag events");
        int sent = warm.sent;
        for (String rate : rates.split(",")) {
            var result = phase(group, senderToken, Integer.parseInt(rate.trim()), seconds, services);
            sent += result.sent;
            System.out.printf("  %9s %,9d %12.0f %12.0f %12.0f %,14d%n", rate.trim(), result.handled, result.p50,
                    result.p99, result.max, result.maxLagEvents);
            System.out.printf("  %9s %s%n", "", result.cpu.strip());
        }
        sockets.forEach(TestSocket::close);
        report(group, onlineUsers, members - 1 - onlineUsers.size(), sent);
    }

    private record Phase(int sent, int handled, double p50, double p99, double max, long maxLagEvents, String cpu) {
    }

    /** Sends at a steady rate, waits until notification-service stored every message, and reads their lags. */
    private Phase phase(String group, String token, int perSecond, int seconds, Map<String, ServiceProcess> services)
            throws Exception {
        var cpu = CpuAccount.start(new LinkedHashMap<>(services));
        var from = Instant.now();
        long started = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        int total = perSecond * seconds;
        var inFlight = new ArrayList<CompletableFuture<HttpResponse<Void>>>();
        long maxLag = 0;
        long nextSample = started;
        for (int i = 0; i < total; i++) {
            long now = System.nanoTime();
            if (now >= nextSample) {
                maxLag = Math.max(maxLag, consumerLag());
                nextSample = now + 500_000_000L;
            }
            Bench.until(started + i * interval);
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(chat.baseUrl() + "/api/chats/" + group
                            + "/messages")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"bench " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        inFlight.forEach(CompletableFuture::join);
        var to = Instant.now();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        int handled;
        while ((handled = count(group, from, to)) < total && System.nanoTime() < deadline) {
            maxLag = Math.max(maxLag, consumerLag());
            Bench.pause(Duration.ofMillis(200)); // polling notification-service's table until it caught up
        }
        var lags = lags(group, from, to);
        return new Phase(total, handled, Bench.quantile(lags, 0.5), Bench.quantile(lags, 0.99),
                Bench.quantile(lags, 1), maxLag, cpu.perUnit(total, "message"));
    }

    private int count(String group, Instant from, Instant to) throws SQLException {
        try (var query = notificationDb.prepareStatement(
                "SELECT count(*) FROM chat_messages WHERE chat_id = ?::uuid AND sent_at >= ? AND sent_at <= ?")) {
            query.setString(1, group);
            query.setTimestamp(2, Timestamp.from(from));
            query.setTimestamp(3, Timestamp.from(to));
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Each message's lag in ms: created in chat-service → stored by notification-service. */
    private long[] lags(String group, Instant from, Instant to) throws SQLException {
        var lags = new ArrayList<Long>();
        try (var query = notificationDb.prepareStatement("""
                SELECT (extract(epoch FROM stored_at - sent_at) * 1000)::bigint FROM chat_messages
                 WHERE chat_id = ?::uuid AND sent_at >= ? AND sent_at <= ?""")) {
            query.setString(1, group);
            query.setTimestamp(2, Timestamp.from(from));
            query.setTimestamp(3, Timestamp.from(to));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    lags.add(rows.getLong(1));
                }
            }
        }
        return lags.stream().mapToLong(Long::longValue).toArray();
    }

    /** What the benchmark is for, checked: nobody who was online is notified, everyone offline once. */
    private void report(String group, List<UUID> onlineUsers, int offline, int sent) throws SQLException {
        try (var query = notificationDb.prepareStatement("""
                SELECT count(*) FILTER (WHERE user_id = ANY (?)), count(*) FILTER (WHERE NOT user_id = ANY (?)),
                       count(DISTINCT user_id) FILTER (WHERE NOT user_id = ANY (?))
                  FROM notifications WHERE chat_id = ?::uuid AND type = 'chat_messages'""")) {
            var ids = notificationDb.createArrayOf("uuid", onlineUsers.toArray());
            query.setArray(1, ids);
            query.setArray(2, ids);
            query.setArray(3, ids);
            query.setString(4, group);
            try (var rows = query.executeQuery()) {
                rows.next();
                System.out.printf("%nnotifications of the %d online members: %d (expected 0); of the %,d offline:"
                        + " %,d for %,d users (expected one each)%n", onlineUsers.size(), rows.getLong(1), offline,
                        rows.getLong(2), rows.getLong(3));
            }
        }
        try (var query = notificationDb.prepareStatement(
                "SELECT count(*) FROM chat_messages WHERE chat_id = ?::uuid")) {
            query.setString(1, group);
            try (var rows = query.executeQuery()) {
                rows.next();
                System.out.printf("messages stored once per chat: %,d of %,d sent%n", rows.getLong(1), sent);
            }
        }
    }

    private long consumerLag() {
        try {
            var metrics = http.send(HttpRequest.newBuilder(URI.create(notification.baseUrl() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            var matcher = LAG.matcher(metrics);
            return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
