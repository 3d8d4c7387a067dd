package io.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.switchboard.devstack.DevStack;
import io.switchboard.devstack.DevStackOptions;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestTokens;

/** Small helpers shared by the benchmark programs. */
final class Bench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private Bench() {
    }

    /** The q-quantile (0..1) of the values, in the values' unit. */
    static double quantile(long[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        var sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** devstack's PostgreSQL (with these databases) and Kafka, the broker with its production JIT. */
    static DevStack devStack(String... databases) {
        var base = DevStackOptions.forTests();
        return DevStack.start(new DevStackOptions(base.baseDir(), base.runName(), 0, 0, List.of(databases), false,
                "1g", true));
    }

    /** A service's environment: its database, Kafka, devstack's token keys, quiet logs, and its own extras. */
    static Map<String, String> serviceEnv(Endpoints e, String database, Map<String, String> extra) {
        var env = new HashMap<>(extra);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", e.postgresUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.get().jwksFile().toUri().toString());
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        return env;
    }

    /** chat-service's built jar, asking the stub for users, its files in devstack's object store. */
    static ServiceProcess startChat(Path root, Endpoints e, StubDirectory directory, Path logs) {
        return startChat(root, e, directory, logs, Map.of());
    }

    static ServiceProcess startChat(Path root, Endpoints e, StubDirectory directory, Path logs,
                                    Map<String, String> extra) {
        var env = new HashMap<>(extra);
        env.put("QUARKUS_REST_CLIENT_AUTH_URL", directory.url());
        e.objectStore().ifPresent(store -> {
            env.put("CHAT_ATTACHMENT_STORE_ENDPOINT", store.endpoint());
            env.put("CHAT_ATTACHMENT_STORE_ACCESS_KEY", store.accessKey());
            env.put("CHAT_ATTACHMENT_STORE_SECRET_KEY", store.secretKey());
        });
        return ServiceProcess.start(root, "chat-service", ServiceProcess.freePort(), serviceEnv(e, "chat", env),
                logs.resolve("chat-service.log"));
    }

    /** The environment of a realtime-service instance on chat-service and the stub. */
    static Map<String, String> realtimeEnv(Endpoints e, ServiceProcess chat, StubDirectory directory) {
        return serviceEnv(e, "realtime", Map.of("QUARKUS_REST_CLIENT_CHAT_URL", chat.baseUrl(),
                "QUARKUS_REST_CLIENT_AUTH_URL", directory.url(), "SWITCHBOARD_SERVICE_CLIENT_SECRET", "bench"));
    }

    /** Creates a group of the owner and the others in chat-service; its id. */
    static String createGroup(HttpClient http, String chatUrl, String ownerToken, List<UUID> others) throws Exception {
        var ids = others.stream().map(id -> "\"" + id + "\"").toList();
        var response = http.send(HttpRequest.newBuilder(URI.create(chatUrl + "/api/chats"))
                .header("Authorization", "Bearer " + ownerToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"group\",\"title\":\"bench\",\"member_ids\":["
                        + String.join(",", ids) + "]}")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("group not created: " + response.body());
        }
        var matcher = ID.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + response.body());
        }
        return matcher.group(1);
    }

    /**
     * Waits until {@code dueNanos} ({@link System#nanoTime}), if it is still ahead: an open-loop
     * sender's pacing, message i due at start + i / rate, however long the previous one took.
     */
    static void until(long dueNanos) {
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            pause(Duration.ofNanos(wait));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration); // a benchmark's pacing, not a test's waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
