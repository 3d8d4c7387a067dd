package io.switchboard.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestTokens;

/**
 * A realtime-service instance with {@code users} users who share groups of {@code group}
 * members, for an outside load client to connect them all (the peers' {@code bench/idle.mjs}, which
 * measures a socket.io server the same way): chat-service and one realtime-service instance as
 * built jars on devstack's PostgreSQL and Kafka, a stub for auth-service, the groups made in
 * chat-service, and a file of the users' access tokens (valid for an hour). Prints the socket URL,
 * the instance's pid and the file, then runs until stopped (Ctrl-C stops the services too).
 *
 * <p>Run: {@code ./switchboard bench idle-stack} ({@code -Dusers=10000 -Dgroup=1000 -Dtokens=FILE}).
 */
public final class IdleStack {

    private IdleStack() {
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int users = Integer.getInteger("users", 10_000);
        int group = Integer.getInteger("group", 1_000);
        var tokensFile = Path.of(System.getProperty("tokens", root.resolve("benchmarks/target/idle-tokens.json")
                .toString())).toAbsolutePath();
        var tokens = TestTokens.get();
        try (var stack = Bench.devStack("chat", "realtime"); var directory = StubDirectory.start()) {
            var e = stack.endpoints();
            var logs = Files.createTempDirectory("idle-stack");
            try (var chat = Bench.startChat(root, e, directory, logs);
                 var realtime = ServiceProcess.start(root, "realtime-service", ServiceProcess.freePort(),
                         Bench.realtimeEnv(e, chat, directory), logs.resolve("realtime-service.log"))) {
                var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                var json = new StringBuilder("[");
                for (int first = 0; first < users; first += group) {
                    var ids = new ArrayList<UUID>();
                    var userTokens = new ArrayList<String>();
                    for (int i = first; i < Math.min(users, first + group); i++) {
                        var id = UUID.randomUUID();
                        ids.add(id);
                        userTokens.add(tokens.token(id, "idle" + i, Duration.ofHours(1)));
                    }
                    if (ids.size() > 1) {
                        Bench.createGroup(http, chat.baseUrl(), userTokens.getFirst(), ids.subList(1, ids.size()));
                    }
                    for (String token : userTokens) {
                        json.append(json.length() > 1 ? "," : "").append('"').append(token).append('"');
                    }
                }
                Files.writeString(tokensFile, json.append(']'));
                System.out.printf("%,d users in groups of %,d; tokens in %s%nsockets: %s/ws%nrealtime-service pid:"
                                + " %d (logs in %s)%nrunning until stopped%n", users, group, tokensFile,
                        realtime.baseUrl().replace("http://", "ws://"), realtime.pid(), logs);
                var stopped = new CountDownLatch(1);
                // Ctrl-C: the services and devstack stop with this program, not after it
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    realtime.close();
                    chat.close();
                    directory.close();
                    stack.close();
                    stopped.countDown();
                }));
                stopped.await();
            }
        }
    }
}
