package io.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestTokens;

/**
 * How realtime-service holds connections and fans out: the built jars (chat-service and one or
 * two realtime instances) on real PostgreSQL and Kafka, driven by {@link LeanWebSockets} clients.
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
 * {@code members}, {@code seconds}, {@code rates}, e.g. {@code -Drates=25,50,100}, {@code connect.warmup}
 * seconds of connects, {@code fanout.warmup.sends} seconds of sends to a small chat and {@code fanout.warmup}
 * seconds of fan-out at 25 messages/s before the figures,
 * {@code hold} seconds to keep the idle sockets open after their figures, to look at the instance's heap,
 * {@code fanout=false} to stop after the connections).
 */
public final class RealtimeBenchmark {

    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)$");
    private static final String MARK = "bench:";
    private static final String HOPS = "switchboard_router_event_age_seconds";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LeanWebSockets sockets;
    private final TestTokens tokens = TestTokens.get();
    private final ServiceProcess chat;
    private final String chatUrl;

    private RealtimeBenchmark(ServiceProcess chat) throws IOException {
        this.chat = chat;
        this.chatUrl = chat.baseUrl();
        this.sockets = new LeanWebSockets(2);
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int connections = Integer.getInteger("connections", 5_000);
        int members = Integer.getInteger("members", 1_000);
        int seconds = Integer.getInteger("seconds", 10);
        int fanOutWarmUp = Integer.getInteger("fanout.warmup", 60);
        var rates = System.getProperty("rates", "25,50,100,200");
        boolean fanOut = Boolean.parseBoolean(System.getProperty("fanout", "true"));
        try (var stack = Bench.devStack("chat", "realtime"); var directory = StubDirectory.start()) {
            var e = stack.endpoints();
            var logs = Files.createTempDirectory("realtime-bench");
            try (var chat = Bench.startChat(root, e, directory, logs)) {
                var realtimeEnv = Bench.realtimeEnv(e, chat, directory);
                System.out.printf("realtime-service benchmark: %d cores; logs in %s%n",
                        Runtime.getRuntime().availableProcessors(), logs);
                var bench = new RealtimeBenchmark(chat);
                try (var a = ServiceProcess.start(root, "realtime-service", ServiceProcess.freePort(), realtimeEnv,
                        logs.resolve("realtime-a.log"))) {
                    bench.connections(a, chat, connections);
                    if (fanOut) {
                        bench.fanOut(List.of(a), members, seconds, fanOutWarmUp, rates);
                        try (var b = ServiceProcess.start(root, "realtime-service", ServiceProcess.freePort(),
                                realtimeEnv, logs.resolve("realtime-b.log"))) {
                            bench.fanOut(List.of(a, b), members, seconds, fanOutWarmUp, rates);
                        }
                    }
                }
            }
        }
        System.exit(0);
    }

    /** Opens idle sockets, 256 at a time, then measures what they cost. */
    private void connections(ServiceProcess instance, ServiceProcess chat, int count) throws Exception {
        var users = new ArrayList<String>(count);
        for (int i = 0; i < count; i++) {
            users.add(tokens.token(UUID.randomUUID(), "idle" + i, "user"));
        }
        // Warm-up (not a result): rounds of 2,000 connects, each round's sockets dropped, until the
        // services' JIT has compiled the connect path (it is still compiling after the first 10,000).
        var warmUp = new ArrayList<String>();
        for (int i = 0; i < 2_000; i++) {
            warmUp.add(tokens.token(UUID.randomUUID(), "warm" + i, "user"));
        }
        long warmUpEnds = System.nanoTime() + Duration.ofSeconds(Integer.getInteger("connect.warmup", 90)).toNanos();
        int rounds = 0;
        while (System.nanoTime() < warmUpEnds) {
            connect(instance, warmUp).forEach(LeanWebSockets.Socket::abort);
            Bench.pause(Duration.ofMillis(500));
            rounds++;
        }
        System.out.printf("%nconnections: warmed up with %,d connects%n", rounds * warmUp.size());
        Bench.pause(Duration.ofSeconds(2));
        double heapBefore = heapAfterGc(instance);
        var measured = new LinkedHashMap<String, ServiceProcess>();
        measured.put("realtime-service", instance);
        measured.put("chat-service", chat);
        var cpu = CpuAccount.start(measured);
        long started = System.nanoTime();
        var open = connect(instance, users);
        double elapsed = (System.nanoTime() - started) / 1e9;
        var cpuLine = cpu.perUnit(open.size(), "connect");
        Bench.pause(Duration.ofSeconds(2));
        double heapAfter = heapAfterGc(instance);
        System.out.printf("connections: %,d idle authenticated sockets on one instance%n", open.size());
        System.out.printf("  connects/s          %,.0f (%,d in %.1f s, 256 in flight)%n", open.size() / elapsed, open.size(), elapsed);
        System.out.println(cpuLine);
        System.out.printf("  heap per connection %,.1f KB (heap after full GC: %,.0f MB before, %,.0f MB after)%n",
                (heapAfter - heapBefore) / open.size() / 1024, heapBefore / 1e6, heapAfter / 1e6);
        Bench.pause(Duration.ofSeconds(Integer.getInteger("hold", 0))); // time to inspect the instance's heap
        open.forEach(LeanWebSockets.Socket::abort);
        Bench.pause(Duration.ofSeconds(3));
    }

    /** A group of {@code members}, all connected (spread over the instances), one member sending. */
    private void fanOut(List<ServiceProcess> instances, int size, int seconds, int warmUpSeconds, String rates)
            throws Exception {
        var ids = new ArrayList<UUID>();
        var userTokens = new ArrayList<String>();
        for (int i = 0; i < size; i++) {
            var id = UUID.randomUUID();
            ids.add(id);
            userTokens.add(tokens.token(id, "m" + i, "user"));
        }
        var group = Bench.createGroup(http, chatUrl, userTokens.getFirst(), ids.subList(1, ids.size()));
        var latencies = new AtomicLongArrayList();
        var firsts = new AtomicLongArrayList();
        var lasts = new ConcurrentHashMap<Long, AtomicLong>();
        var newest = new AtomicLong();
        var received = new AtomicLong();
        var open = new ArrayList<LeanWebSockets.Socket>();
        for (int i = 0; i < instances.size(); i++) {
            var mine = new ArrayList<String>();
            for (int m = i; m < size; m += instances.size()) {
                mine.add(userTokens.get(m));
            }
            open.addAll(connect(instances.get(i), mine, new Receiver(latencies, received, firsts, newest, lasts)));
        }
        System.out.printf("%nfan-out: a %,d-member group, all connected, over %d instance(s)%n", size, instances.size());
        System.out.printf("  %9s %14s %9s %9s %14s %s%n", "msg/s", "deliveries/s", "p50 ms", "p99 ms", "first p50 ms",
                "server CPU µs per delivery");
        warmUpSends(Integer.getInteger("fanout.warmup.sends", 20));
        send(group, userTokens.getFirst(), 25, warmUpSeconds, latencies, received); // warm-up (not a result)
        for (String rate : rates.split(",")) {
            int perSecond = Integer.parseInt(rate.trim());
            long[] cpuBefore = instances.stream().mapToLong(RealtimeBenchmark::cpuNanos).toArray();
            long[] kernelBefore = instances.stream().mapToLong(RealtimeBenchmark::kernelNanos).toArray();
            var processes = new LinkedHashMap<String, ServiceProcess>();
            for (int i = 0; i < instances.size(); i++) {
                processes.put("realtime " + (char) ('A' + i), instances.get(i));
            }
            processes.put("chat-service", this.chat);
            var everyone = CpuAccount.start(processes);
            var publishBefore = timer(chatUrl, "switchboard_outbox_publish_lag_seconds");
            var writeBefore = timer(instances.getFirst().baseUrl(), "switchboard_ws_delivery_latency_seconds");
            var producedBefore = timer(instances, HOPS, "stored_to_produced");
            var polledBefore = timer(instances, HOPS, "produced_to_polled");
            long deliveredBefore = received.get();
            latencies.clear();
            firsts.clear();
            lasts.clear();
            double elapsed = send(group, userTokens.getFirst(), perSecond, seconds, latencies, received);
            long delivered = received.get() - deliveredBefore;
            var cpu = new StringBuilder();
            long cpuTotal = 0;
            long kernelTotal = 0;
            for (int i = 0; i < instances.size(); i++) {
                long used = cpuNanos(instances.get(i)) - cpuBefore[i];
                cpuTotal += used;
                kernelTotal += kernelNanos(instances.get(i)) - kernelBefore[i];
                if (instances.size() > 1) {
                    cpu.append(String.format(" instance %c: %.2f;", 'A' + i, used / 1e3 / (delivered / (double) instances.size())));
                }
            }
            var sample = latencies.toArray();
            System.out.printf("  %9d %,14.0f %9.1f %9.1f %14.1f %.2f%s%n", perSecond, delivered / elapsed,
                    Bench.quantile(sample, 0.5) / 1e6, Bench.quantile(sample, 0.99) / 1e6,
                    Bench.quantile(firsts.toArray(), 0.5) / 1e6, cpuTotal / 1e3 / Math.max(1, delivered), cpu);
            System.out.printf("  %9s server CPU per delivery: kernel %.2f µs, user space %.2f µs (JVM, libraries, service)%n", "",
                    kernelTotal / 1e3 / Math.max(1, delivered), (cpuTotal - kernelTotal) / 1e3 / Math.max(1, delivered));
            var whole = lasts.values().stream().mapToLong(AtomicLong::get).toArray();
            System.out.printf("  %9s every member reached: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d messages%n", "",
                    Bench.quantile(whole, 0.5) / 1e6, Bench.quantile(whole, 0.99) / 1e6, Bench.quantile(whole, 1) / 1e6,
                    whole.length);
            var publish = timer(chatUrl, "switchboard_outbox_publish_lag_seconds");
            var write = timer(instances.getFirst().baseUrl(), "switchboard_ws_delivery_latency_seconds");
            System.out.printf("  %9s means: event stored → Kafka ack %.1f ms; event stored → written on a loop's sockets"
                    + " (instance A) %.1f ms%n", "", mean(publishBefore, publish), mean(writeBefore, write));
            System.out.printf("  %9s hops before the fan-out (means, every instance's router): event stored → handed to"
                    + " Kafka %.1f ms, → polled by the router %.1f ms%n", "",
                    mean(producedBefore, timer(instances, HOPS, "stored_to_produced")),
                    mean(polledBefore, timer(instances, HOPS, "produced_to_polled")));
            System.out.printf("  %9s %s%n", "", everyone.perUnit((long) perSecond * seconds, "message").strip());
            if (Bench.quantile(sample, 0.99) > 2e9) {
                System.out.println("  (saturated: p99 above 2 s)");
                break;
            }
        }
        open.forEach(LeanWebSockets.Socket::abort);
        Bench.pause(Duration.ofSeconds(3));
    }

    /**
     * Warm-up (not a result): {@code seconds} of sends as fast as four senders go, to a small chat
     * nobody is connected to. At 25 messages/s chat-service's send path would still be compiling
     * for minutes (its JIT took more of the cores than it did), which a chat-service serving many
     * chats never does.
     */
    private void warmUpSends(int seconds) throws Exception {
        var sender = tokens.token(UUID.randomUUID(), "warm-sender", "user");
        var path = "/api/chats/" + Bench.createGroup(http, chatUrl, sender, List.of(UUID.randomUUID())) + "/messages";
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (var connection = new KeepAliveHttp(URI.create(chatUrl))) {
                    for (int n = 0; System.nanoTime() < end; n++) {
                        connection.post(path, sender, "{\"content\":\"warm-up " + n + "\"}");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        for (var thread : threads) {
            thread.join();
        }
    }

    /** Sends at a steady rate for a while, then waits for the deliveries; the elapsed seconds. */
    private double send(String chat, String token, int perSecond, int seconds, AtomicLongArrayList latencies,
                        AtomicLong received) throws Exception {
        long started = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        int total = perSecond * seconds;
        var inFlight = new ArrayList<CompletableFuture<HttpResponse<Void>>>();
        for (int i = 0; i < total; i++) {
            Bench.until(started + i * interval);
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

    private List<LeanWebSockets.Socket> connect(ServiceProcess instance, List<String> userTokens) throws Exception {
        return connect(instance, userTokens, new Receiver(null, null, null, null, null));
    }

    /** Opens a socket per token, 256 at a time; each counts as open once its {@code connected} arrived. */
    private List<LeanWebSockets.Socket> connect(ServiceProcess instance, List<String> userTokens, Receiver receiver)
            throws Exception {
        var url = URI.create(instance.baseUrl().replace("http://", "ws://") + "/ws");
        var permits = new Semaphore(256);
        var futures = new ArrayList<CompletableFuture<LeanWebSockets.Socket>>();
        var failed = new AtomicInteger();
        for (String token : userTokens) {
            permits.acquire();
            var connected = new CompletableFuture<LeanWebSockets.Socket>();
            sockets.connect(url, token, receiver.forSocket(connected)).whenComplete((socket, error) -> {
                if (error != null) {
                    connected.completeExceptionally(error);
                }
            });
            futures.add(connected.whenComplete((socket, error) -> {
                permits.release();
                if (error != null) {
                    failed.incrementAndGet();
                }
            }));
        }
        var open = new ArrayList<LeanWebSockets.Socket>();
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

    /** A timer's sum (seconds) and count from a service's Prometheus metrics. */
    private double[] timer(String baseUrl, String name) throws Exception {
        return timer(baseUrl, name, "");
    }

    /** The sum and count of a timer's series over several instances. */
    private double[] timer(List<ServiceProcess> instances, String name, String tag) throws Exception {
        double[] total = new double[2];
        for (var instance : instances) {
            var one = timer(instance.baseUrl(), name, tag);
            total[0] += one[0];
            total[1] += one[1];
        }
        return total;
    }

    /** A timer's sum and count over the series whose line contains {@code tag} (e.g. {@code hop="x"}). */
    private double[] timer(String baseUrl, String name, String tag) throws Exception {
        var metrics = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double[] sumAndCount = new double[2];
        for (var line : metrics.split("\n")) {
            if (!line.contains(tag)) {
                continue;
            }
            if (line.startsWith(name + "_sum")) {
                sumAndCount[0] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith(name + "_count")) {
                sumAndCount[1] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sumAndCount;
    }

    /** The mean in milliseconds of what a timer recorded between two readings. */
    private static double mean(double[] before, double[] after) {
        double count = after[1] - before[1];
        return count == 0 ? Double.NaN : (after[0] - before[0]) / count * 1e3;
    }

    private static long cpuNanos(ServiceProcess instance) {
        return CpuAccount.cpuNanos(instance.pid());
    }

    private static long kernelNanos(ServiceProcess instance) {
        return CpuAccount.kernelNanos(instance.pid());
    }

    /**
     * Counts new_message frames and records their latency from the send request; {@code firsts}
     * gets the latency of each message's first delivery (what the pipeline before the fan-out takes),
     * {@code lasts} each message's latest delivery so far, by the moment it was sent.
     */
    private record Receiver(AtomicLongArrayList latencies, AtomicLong received, AtomicLongArrayList firsts,
                            AtomicLong newest, Map<Long, AtomicLong> lasts) {

        private static final byte[] CONNECTED = "\"type\":\"connected\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] NEW_MESSAGE = "{\"type\":\"new_message\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);

        LeanWebSockets.Listener forSocket(CompletableFuture<LeanWebSockets.Socket> connected) {
            return (socket, data, offset, length) -> {
                if (!connected.isDone()) {
                    if (LeanWebSockets.find(data, offset, length, CONNECTED) >= 0) {
                        socket.sendText("{\"type\":\"ping\"}"); // past the opening hold
                        connected.complete(socket);
                    }
                } else if (received != null && LeanWebSockets.find(data, offset, Math.min(length, NEW_MESSAGE.length),
                        NEW_MESSAGE) == offset) {
                    int at = LeanWebSockets.find(data, offset, length, MARK_BYTES);
                    if (at > 0) {
                        long sentAt = 0;
                        for (int i = at + MARK_BYTES.length; data[i] >= '0' && data[i] <= '9'; i++) {
                            sentAt = sentAt * 10 + (data[i] - '0');
                        }
                        long latency = System.nanoTime() - sentAt;
                        latencies.add(latency);
                        long seen = newest.get();
                        if (sentAt > seen && newest.compareAndSet(seen, sentAt)) {
                            firsts.add(latency);
                        }
                        lasts.computeIfAbsent(sentAt, message -> new AtomicLong()).accumulateAndGet(latency, Math::max);
                        received.incrementAndGet();
                    }
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
