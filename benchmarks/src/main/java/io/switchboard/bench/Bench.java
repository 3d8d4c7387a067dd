package io.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.switchboard.devstack.Endpoints;

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

    /** A service's environment: its database, Kafka, token keys, quiet logs, and its own extras. */
    static Map<String, String> serviceEnv(Endpoints e, String database, String jwks, Map<String, String> extra) {
        var env = new HashMap<>(extra);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", e.postgresUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwks);
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        return env;
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

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration); // a benchmark's pacing, not a test's waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
