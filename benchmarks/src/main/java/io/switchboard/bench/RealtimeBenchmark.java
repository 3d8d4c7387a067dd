package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.switchboard.devstack.DevStack;
import io.switchboard.devstack.DevStackOptions;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestTokens;

/**
 * How realtime-service holds connections and fans out: the built jars (chat-service and one or
 * two realtime instances) on real PostgreSQL and Kafka, driven by JDK WebSocket clients.
 *
 * <ol>
 *   <li>Connections: {@code connections} idle authenticated sockets on one instance; connects per
 *   second, and heap per connection (heap after a full GC, before and after).</li>
 *   <li>Fan-out: a {@code members}-member group, every member connected, one member sending over
 *   REST at rising rates; deliveries per second, p50/p99 from the send request to receipt on a
 *   socket, and the realtime instances' CPU time per delivered frame.</li>
 *   <li>The same fan-out with members split over two instances, with per-instance figures.</li>
 * </ol>
 *
 * <p>Run: {@code ./switchboard bench realtime} (system properties {@code connections},
 * {@code members}, {@code seconds}, {@code rates}, e.g. {@code -Drates=25,50,100}).
 */
public final class RealtimeBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)$");
    private static final String MARK = "bench:";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpClient sockets = HttpClient.newHttpClient();
    private final TestTokens tokens = TestTokens.get();
    private final String chatUrl;

    private RealtimeBenchmark(String chatUrl) {
        this.chatUrl = chatUrl;
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int connections = Integer.getInteger("connections", 5_000);
        int members = Integer.getInteger("members", 1_000);
        int seconds = Integer.getInteger("seconds", 10);
        var rates = System.getProperty("rates", "25,50,100,200");
        var base = DevStackOptions.forTests();
        var options = new DevStackOptions(base.baseDir(), base.runName(), 0, 0, List.of("chat", "realtime"), false, "1g");
        try (var stack = DevStack.start(options); var directory = StubDirectory.start()) {
            var e = stack.endpoints();
            var logs = Files.createTempDirectory("realtime-bench");
            var jwks = TestTokens.get().jwksFile().toUri().toString();
            try (var chat = ServiceProcess.start(root, "chat-service", ServiceProcess.freePort(),
                    env(e, "chat", jwks, Map.of("QUARKUS_REST_CLIENT_AUTH_URL", directory.url())),
                    logs.resolve("chat-service.log"))) {
                var realtimeEnv = env(e, "realtime", jwks, Map.of("QUARKUS_REST_CLIENT_CHAT_URL", chat.baseUrl()));
                System.out.printf("realtime-service benchmark: %d cores; logs in %s%n",
                        Runtime.getRuntime().availableProcessors(), logs);
                var bench = new RealtimeBenchmark(chat.baseUrl());
                try (var a = ServiceProcess.start(root, "realtime-service", ServiceProcess.freePort(), realtimeEnv,
                        logs.resolve("realtime-a.log"))) {
                    bench.connections(a, chat, connections);
                    bench.fanOut(List.of(a), members, seconds, rates);
                    try (var b = ServiceProcess.start(root, "realtime-service", ServiceProcess.freePort(), realtimeEnv,
                            logs.resolve("realtime-b.log"))) {
                        bench.fanOut(List.of(a, b), members, seconds, rates);
                    }
                }
            }
        }
        System.exit(0);
    }

    /** A service's environment: its database, Kafka, token keys, quiet logs, and its own extras. */
    private static Map<String, String> env(Endpoints e, String database, String jwks, Map<String, String> extra) {
        var env = new HashMap<>(extra);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", e.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", e.postgresUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", e.postgresPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwks);
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        return env;
    }

    /** Opens idle sockets, 256 at a time, then measures what they cost. */
    private void connections(ServiceProcess instance, ServiceProcess chat, int count) throws Exception {
        var users = new ArrayList<String>(count);
        for (int i = 0; i < count; i++) {
            users.add(tokens.token(UUID.randomUUID(), "idle" + i, "user"));
        }
        var warmUp = new ArrayList<String>();
        for (int i = 0; i < Integer.getInteger("warmup", 3_000); i++) {
            warmUp.add(tokens.token(UUID.randomUUID(), "warm" + i, "user"));
        }
        connect(instance, warmUp).forEach(WebSocket::abort); // warm-up: JIT, pools (not a result)
        Bench.pause(Duration.ofSeconds(2));
        double heapBefore = heapAfterGc(instance);
        long instanceCpu = cpuNanos(instance);
        long chatCpu = cpuNanos(chat);
        long started = System.nanoTime();
        var open = connect(instance, users);
        double elapsed = (System.nanoTime() - started) / 1e9;
        instanceCpu = cpuNanos(instance) - instanceCpu;
        chatCpu = cpuNanos(chat) - chatCpu;
        Bench.pause(Duration.ofSeconds(2));
        double heapAfter = heapAfterGc(instance);
        System.out.printf("%nconnections: %,d idle authenticated sockets on one instance%n", open.size());
        System.out.printf("  connects/s          %,.0f (%,d in %.1f s, 256 in flight)%n", open.size() / elapsed, open.size(), elapsed);
        System.out.printf("  CPU per connect     realtime-service %,.0f µs, chat-service %,.0f µs (its chat list)%n",
                instanceCpu / 1e3 / open.size(), chatCpu / 1e3 / open.size());
        System.out.printf("  heap per connection %,.1f KB (heap after full GC: %,.0f MB before, %,.0f MB after)%n",
                (heapAfter - heapBefore) / open.size() / 1024, heapBefore / 1e6, heapAfter / 1e6);
        open.forEach(WebSocket::abort);
        Bench.pause(Duration.ofSeconds(3));
    }

    /** A group of {@code members}, all connected (spread over the instances), one member sending. */
    private void fanOut(List<ServiceProcess> instances, int size, int seconds, String rates) throws Exception {
        var ids = new ArrayList<UUID>();
        var userTokens = new ArrayList<String>();
        for (int i = 0; i < size; i++) {
            var id = UUID.randomUUID();
            ids.add(id);
            userTokens.add(tokens.token(id, "m" + i, "user"));
        }
        var chat = createGroup(userTokens.getFirst(), ids.subList(1, ids.size()));
        var latencies = new AtomicLongArrayList();
        var received = new AtomicLong();
        var open = new ArrayList<WebSocket>();
        for (int i = 0; i < instances.size(); i++) {
            var mine = new ArrayList<String>();
            for (int m = i; m < size; m += instances.size()) {
                mine.add(userTokens.get(m));
            }
            open.addAll(connect(instances.get(i), mine, new Receiver(latencies, received)));
        }
        System.out.printf("%nfan-out: a %,d-member group, all connected, over %d instance(s)%n", size, instances.size());
        System.out.printf("  %9s %14s %9s %9s %s%n", "msg/s", "deliveries/s", "p50 ms", "p99 ms", "server CPU µs per delivery");
        send(chat, userTokens.getFirst(), 25, 10, latencies, received); // warm-up (not a result)
        for (String rate : rates.split(",")) {
            int perSecond = Integer.parseInt(rate.trim());
            long[] cpuBefore = instances.stream().mapToLong(RealtimeBenchmark::cpuNanos).toArray();
            long deliveredBefore = received.get();
            latencies.clear();
            double elapsed = send(chat, userTokens.getFirst(), perSecond, seconds, latencies, received);
            long delivered = received.get() - deliveredBefore;
            var cpu = new StringBuilder();
            long cpuTotal = 0;
            for (int i = 0; i < instances.size(); i++) {
                long used = cpuNanos(instances.get(i)) - cpuBefore[i];
                cpuTotal += used;
                if (instances.size() > 1) {
                    cpu.append(String.format(" instance %c: %.2f;", 'A' + i, used / 1e3 / (delivered / (double) instances.size())));
                }
            }
            var sample = latencies.toArray();
            System.out.printf("  %9d %,14.0f %9.1f %9.1f %.2f%s%n", perSecond, delivered / elapsed,
                    Bench.quantile(sample, 0.5) / 1e6, Bench.quantile(sample, 0.99) / 1e6,
                    cpuTotal / 1e3 / Math.max(1, delivered), cpu);
            if (Bench.quantile(sample, 0.99) > 2e9) {
                System.out.println("  (saturated: p99 above 2 s)");
                break;
            }
        }
        open.forEach(WebSocket::abort);
        Bench.pause(Duration.ofSeconds(3));
    }

    /** Sends at a steady rate for a while, then waits for the deliveries; the elapsed seconds. */
    private double send(String chat, String token, int perSecond, int seconds, AtomicLongArrayList latencies,
                        AtomicLong received) throws Exception {
        long started = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        int total = perSecond * seconds;
        var inFlight = new ArrayList<CompletableFuture<HttpResponse<Void>>>();
        for (int i = 0; i < total; i++) {
            long due = started + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the send rate
            }
            var body = "{\"content\":\"" + MARK + System.nanoTime() + "\"}";
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(chatUrl + "/api/chats/" + chat + "/messages"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()));
        }
        inFlight.forEach(CompletableFuture::join);
        long expected = received.get();
        Bench.pause(Duration.ofSeconds(2)); // let the last deliveries land
        while (received.get() != expected) {
            expected = received.get();
            Bench.pause(Duration.ofMillis(500));
        }
        return (System.nanoTime() - started) / 1e9 - 2;
    }

    private String createGroup(String ownerToken, List<UUID> others) throws Exception {
        var ids = others.stream().map(id -> "\"" + id + "\"").toList();
        var response = http.send(HttpRequest.newBuilder(URI.create(chatUrl + "/api/chats"))
                .header("Authorization", "Bearer " + ownerToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"group\",\"title\":\"bench\",\"member_ids\":["
                        + String.join(",", ids) + "]}")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("group not created: " + response.body());
        }
        var matcher = ID.matcher(response.body());
        matcher.find();
        return matcher.group(1);
    }

    private List<WebSocket> connect(ServiceProcess instance, List<String> userTokens) throws Exception {
        return connect(instance, userTokens, new Receiver(null, null));
    }

    private List<WebSocket> connect(ServiceProcess instance, List<String> userTokens, Receiver receiver)
            throws Exception {
        var url = URI.create(instance.baseUrl().replace("http://", "ws://") + "/ws");
        var permits = new Semaphore(256);
        var futures = new ArrayList<CompletableFuture<WebSocket>>();
        var failed = new AtomicInteger();
        for (String token : userTokens) {
            permits.acquire();
            var connected = new CompletableFuture<Void>();
            futures.add(sockets.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(url, receiver.forSocket(connected))
                    .thenCombine(connected, (socket, ignored) -> socket)
                    .whenComplete((socket, error) -> {
                        permits.release();
                        if (error != null) {
                            failed.incrementAndGet();
                        }
                    }));
        }
        var open = new ArrayList<WebSocket>();
        for (var future : futures) {
            try {
                open.add(future.join());
            } catch (RuntimeException e) {
                // counted in failed
            }
        }
        if (failed.get() > 0) {
            System.out.printf("  (%d connects failed)%n", failed.get());
        }
        return open;
    }

    private double heapAfterGc(ServiceProcess instance) throws Exception {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(instance.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        var metrics = http.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        var matcher = HEAP.matcher(metrics);
        while (matcher.find()) {
            heap += Double.parseDouble(matcher.group(1));
        }
        return heap;
    }

    /** User plus system CPU time of a process so far, from /proc (Linux). */
    private static long cpuNanos(ServiceProcess instance) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(instance.pid()), "stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // 100 ticks per second
        } catch (IOException e) {
            return 0;
        }
    }

    /** Counts new_message frames and records their latency from the send request. */
    private record Receiver(AtomicLongArrayList latencies, AtomicLong received) {

        WebSocket.Listener forSocket(CompletableFuture<Void> connected) {
            return new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        var text = partial.toString();
                        partial.setLength(0);
                        if (!connected.isDone() && text.contains("\"type\":\"connected\"")) {
                            connected.complete(null);
                            socket.sendText("{\"type\":\"ping\"}", true); // past the opening hold
                        } else if (received != null && text.startsWith("{\"type\":\"new_message\"")) {
                            int at = text.indexOf(MARK);
                            if (at > 0) {
                                int end = text.indexOf('"', at);
                                latencies.add(System.nanoTime() - Long.parseLong(text.substring(at + MARK.length(), end)));
                                received.incrementAndGet();
                            }
                        }
                    }
                    socket.request(1);
                    return null;
                }
            };
        }
    }

    /** A growable list of longs many threads append to. */
    private static final class AtomicLongArrayList {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized void clear() {
            size = 0;
        }

        synchronized long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
