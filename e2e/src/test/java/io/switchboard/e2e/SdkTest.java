package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.switchboard.devstack.ServiceProcess;

/**
 * The TypeScript client (clients/js) against the whole stack, in node: two people on two realtime
 * instances chat through it; 500 sends arrive exactly once, in order, while the sender's socket
 * dies three times (kill -9, a drain with 1012, kill -9 again: the instance is restarted on its
 * port each time); a token that runs out on an open socket is renewed without a reconnect; and a
 * broker restart mid-chat loses nothing and closes no socket. Each script checks what the clients
 * handed over (against the chat's event log where it matters) and prints a summary; each test
 * runs one and reads that.
 */
class SdkTest {

    private static final int SENDS = 500;
    private static final Pattern CONNECTED = Pattern.compile("^sender connected (\\d+) (\\S+)$");

    private static Stack stack;
    private static Path sdk;
    /** The sender's instances, by WebSocket address; replaced when restarted. */
    private static final Map<String, ServiceProcess> instances = new ConcurrentHashMap<>();
    /** Instances a fault has stopped (killed or drained). */
    private static final Set<ServiceProcess> stopped = new HashSet<>();

    @BeforeAll
    static void start() {
        sdk = ClientSdk.build();
        stack = Stack.shared();
        var c = CompletableFuture.supplyAsync(() -> stack.startRealtime("sdk-c"));
        var d = CompletableFuture.supplyAsync(() -> stack.startRealtime("sdk-d"));
        for (var instance : new ServiceProcess[] {c.join(), d.join()}) {
            instances.put(Stack.ws(instance), instance);
        }
    }

    @AfterAll
    static void stop() {
        instances.values().forEach(ServiceProcess::close);
    }

    @Test
    void theClientDeliversEachEventOnceInOrderThroughReconnects() {
        var frontend = new Frontend(stack);
        var alice = stack.signUp();
        var bob = stack.signUp();
        var sender = stack.signUp();
        var receiver = stack.signUp();
        var urls = instances.keySet().stream().sorted().toList();
        var c = urls.get(0);
        var d = urls.get(1);

        var script = new ProcessBuilder("node", "test/integration/sdk.mjs").directory(sdk.toFile());
        script.environment().putAll(Map.ofEntries(
                Map.entry("AUTH_URL", stack.auth.baseUrl()),
                Map.entry("CHAT_URL", stack.chat.baseUrl()),
                Map.entry("RT_A", stack.ws()),
                Map.entry("RT_C", c),
                Map.entry("RT_D", d),
                Map.entry("PASSWORD", Stack.PASSWORD),
                Map.entry("CHAT_ID", frontend.directChat(alice, bob)),
                Map.entry("ALICE_USERNAME", alice.getString("user.username")),
                Map.entry("BOB_USERNAME", bob.getString("user.username")),
                Map.entry("CHAT2_ID", frontend.directChat(sender, receiver)),
                Map.entry("SENDS", String.valueOf(SENDS)),
                Map.entry("SENDER_USERNAME", sender.getString("user.username")),
                Map.entry("RECEIVER_USERNAME", receiver.getString("user.username"))));

        // Each fault on its own thread: a restart (which waits for the new instance to be ready)
        // must not hold back the next fault, which the script waits for.
        ExecutorService faults = Executors.newVirtualThreadPerTaskExecutor();
        var done = new AtomicInteger();
        ClientSdk.Run run;
        try {
            run = ClientSdk.run(script, 300, line -> {
                var connected = CONNECTED.matcher(line);
                if (connected.matches() && Integer.parseInt(connected.group(1)) <= 3) {
                    int fault = Integer.parseInt(connected.group(1));
                    var url = connected.group(2);
                    faults.submit(() -> {
                        sleep(300); // a few sends in flight
                        var doomed = stillRunning(url);
                        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/ws$", "$1"));
                        if (fault == 2) {
                            doomed.close(); // SIGTERM: the instance drains, its sockets close with 1012
                        } else {
                            doomed.kill(); // kill -9
                        }
                        instances.put(url, stack.startRealtime("sdk-" + port + "-" + fault, port));
                        done.incrementAndGet();
                    });
                }
            });
        } finally {
            faults.close(); // waits for the restarts under way: @AfterAll stops what they started
        }
        System.out.println(run.output());
        assertThat(run.code()).as("the SDK script's exit code; it printed:\n" + run.output()).isZero();
        var summary = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
        assertThat(summary).as(run.output()).contains("\"ok\":true").contains("\"sends\":" + SENDS)
                .contains("\"logged\":" + SENDS).contains("\"receiver\":" + SENDS).contains("\"sender\":" + SENDS);
        assertThat(done.get()).as("faults carried out").isGreaterThanOrEqualTo(1);
    }

    /** A token that expires 20 s after the socket opens is renewed on the open socket: no reconnect, no 4001. */
    @Test
    void aTokenRunningOutOnAnOpenSocketIsRenewedWithoutAReconnect() {
        var frontend = new Frontend(stack);
        var user = stack.signUp();
        var other = stack.signUp();
        var shortToken = ShortLivedTokens.user(stack.authKeys, user.getString("user.id"),
                user.getString("user.username"), Duration.ofSeconds(20));
        var run = ClientSdk.run(script("test/integration/token.mjs", Map.of(
                "CHAT_ID", frontend.directChat(user, other),
                "SHORT_TOKEN", shortToken,
                "USERNAME", user.getString("user.username"),
                "OTHER_USERNAME", other.getString("user.username"))), 120, line -> { });
        System.out.println(run.output());
        assertThat(run.code()).as("the token script's exit code; it printed:\n" + run.output()).isZero();
        assertThat(run.output()).contains("\"ok\":true");
    }

    /** Kafka's broker is stopped for 5 s while two people chat: every message once, in order, no socket lost. */
    @Test
    void aBrokerRestartMidChatLosesNothingAndClosesNoSocket() {
        var frontend = new Frontend(stack);
        var alice = stack.signUp();
        var bob = stack.signUp();
        var restarted = new CompletableFuture<Void>();
        var run = ClientSdk.run(script("test/integration/broker.mjs", Map.of(
                "CHAT_ID", frontend.directChat(alice, bob),
                "ALICE_USERNAME", alice.getString("user.username"),
                "BOB_USERNAME", bob.getString("user.username"),
                "RT_C", instances.keySet().stream().sorted().findFirst().orElseThrow())), 180, line -> {
                    if (line.equals("sending")) {
                        Thread.ofVirtual().start(() -> {
                            try {
                                stack.servers.stopKafka();
                                sleep(5_000); // the broker stays down this long
                                stack.servers.startKafka();
                                restarted.complete(null);
                            } catch (RuntimeException e) {
                                restarted.completeExceptionally(e);
                            }
                        });
                    }
                });
        System.out.println(run.output());
        assertThat(restarted).as("the broker was restarted").succeedsWithin(Duration.ofSeconds(60));
        assertThat(run.code()).as("the broker script's exit code; it printed:\n" + run.output()).isZero();
        assertThat(run.output()).contains("\"ok\":true").contains("\"bob\":30");
    }

    /** A node script of clients/js with the stack's addresses and the given settings in its environment. */
    private static ProcessBuilder script(String path, Map<String, String> settings) {
        var script = new ProcessBuilder("node", path).directory(sdk.toFile());
        script.environment().putAll(Map.of("AUTH_URL", stack.auth.baseUrl(), "CHAT_URL", stack.chat.baseUrl(),
                "RT_A", stack.ws(), "PASSWORD", Stack.PASSWORD));
        script.environment().putAll(settings);
        return script;
    }

    /**
     * The process serving {@code url} that no fault stopped yet: the client may reach an instance
     * being restarted before its restart is recorded here.
     */
    private static ServiceProcess stillRunning(String url) {
        synchronized (stopped) {
            var process = Awaitility.await("the instance at " + url + " restarted").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100)).until(() -> instances.get(url), p -> !stopped.contains(p));
            stopped.add(process);
            return process;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
