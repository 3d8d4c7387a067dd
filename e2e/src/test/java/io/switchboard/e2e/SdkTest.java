package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.switchboard.devstack.ServiceProcess;

/**
 * The TypeScript client (clients/js) against the whole stack, in node: two people on two realtime
 * instances chat through it, and 300 sends arrive exactly once, in order, while the sender's socket
 * dies three times (kill -9, a drain with 1012, kill -9 again: the instance is restarted on its
 * port each time). The script checks what each client handed over against the chat's event log
 * and prints a summary; this test runs it and reads that.
 */
class SdkTest {

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
            faults.shutdown();
        }
        System.out.println(run.output());
        assertThat(run.code()).as("the SDK script's exit code; it printed:\n" + run.output()).isZero();
        var summary = run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
        assertThat(summary).as(run.output()).contains("\"ok\":true").contains("\"sends\":300")
                .contains("\"logged\":300").contains("\"receiver\":300").contains("\"sender\":300");
        assertThat(done.get()).as("faults carried out").isGreaterThanOrEqualTo(1);
    }

    /**
     * The process serving {@code url} that no fault stopped yet: the client may reach an instance
     * being restarted before its restart is recorded here.
     */
    private static ServiceProcess stillRunning(String url) {
        synchronized (stopped) {
            var process = instances.get(url);
            while (stopped.contains(process)) {
                sleep(100); // polls the map; the restarting fault's thread replaces the entry
                process = instances.get(url);
            }
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
