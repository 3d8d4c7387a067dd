package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.switchboard.devstack.BrowserOrigins;
import io.switchboard.devstack.TestSocket;
import io.switchboard.devstack.TestSocket.Carrier;
import io.switchboard.devstack.TestTokens;
import io.switchboard.realtime.gateway.Gateway;
import io.switchboard.realtime.security.TokenUpgradeCheck;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/** Who may open a socket, how the token travels, and what happens when it runs out. */
@QuarkusTest
class ConnectionTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Inject
    TokenUpgradeCheck upgradeCheck;

    @Inject
    Vertx vertx;

    @Test
    void eachTokenCarrierOpensASocketThatStartsWithConnected() {
        var alice = People.create("alice");
        for (var carrier : Carrier.values()) {
            try (var socket = RealtimeUrl.connect(alice.token(), carrier)) {
                var connected = socket.next("connected");
                assertThat(connected.path("user_id").asText()).as(carrier.name()).isEqualTo(alice.id().toString());
                assertThat(connected.path("connection_id").asText()).isNotBlank();
                assertThat(connected.path("timestamp").asText()).isNotBlank();
                assertThat(Instant.parse(connected.path("expires_at").asText())).isAfter(Instant.now());
                if (carrier == Carrier.SUBPROTOCOL) {
                    assertThat(socket.subprotocol()).isEqualTo("bearer-token-carrier");
                }
            }
        }
    }

    /**
     * A user holds at most realtime.limits.sockets-per-user (10) sockets on an instance: one more
     * is told why and closed with 1008, and the user's other sockets go on; once one closes, a new
     * one is welcome.
     */
    @Test
    void oneSocketTooManyForAUserIsToldWhyAndClosedWith1008() {
        var alice = People.create("alice");
        var open = new java.util.ArrayList<TestSocket>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(alice.connect());
            }
            try (var extra = RealtimeUrl.connect(alice.token())) {
                assertThat(extra.next("error").path("code").asText()).isEqualTo("too_many_sockets");
                assertThat(extra.closeCode(Duration.ofSeconds(5))).isEqualTo(1008);
            }
            open.getFirst().send("{\"type\":\"ping\"}");
            assertThat(open.getFirst().next("pong")).isNotNull();

            open.removeFirst().close();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (var again = RealtimeUrl.connect(alice.token())) {
                    assertThat(again.next("connected")).isNotNull();
                }
            });
        } finally {
            open.forEach(TestSocket::close);
        }
    }

    @Test
    void quarkusOwnWebSocketClientConnectsAndTalks() {
        var alice = People.create("alice");
        var received = new LinkedBlockingQueue<String>();
        var connection = BasicWebSocketConnector.create()
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING) // callbacks in arrival order
                .baseUri(URI.create("http://localhost:18083"))
                .path("/ws")
                .addHeader("Authorization", "Bearer " + alice.token())
                .onTextMessage((c, text) -> received.add(text))
                .connectAndAwait();
        try {
            connection.sendTextAndAwait("{\"type\":\"ping\"}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(t -> t.contains("\"pong\"")));
            assertThat(received.peek()).contains("\"type\":\"connected\"", alice.id().toString());
        } finally {
            connection.closeAndAwait();
        }
    }

    @Test
    void upgradesWithoutAValidUserTokenAreRefusedWith401() {
        var alice = People.create("alice");
        var tokens = TestTokens.get();
        var expired = tokens.token(alice.id(), "alice", Duration.ofSeconds(-60));
        var parts = alice.token().split("\\.");
        var tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

        for (var carrier : Carrier.values()) {
            assertThat(RealtimeUrl.refusal(null, carrier)).as("no token").isEqualTo(401);
            assertThat(RealtimeUrl.refusal("not-a-jwt", carrier)).as("garbage via " + carrier).isEqualTo(401);
            assertThat(RealtimeUrl.refusal(expired, carrier)).as("expired via " + carrier).isEqualTo(401);
            assertThat(RealtimeUrl.refusal(tampered, carrier)).as("tampered via " + carrier).isEqualTo(401);
            assertThat(RealtimeUrl.refusal(tokens.serviceToken("billing"), carrier)).as("service token").isEqualTo(401);
        }
    }

    @Test
    void aPageOnAListedOriginConnectsAndOneOnAnotherOriginIsRefusedWith403() {
        var token = People.create("alice").token();
        try (var socket = TestSocket.connect(RealtimeUrl.WS, token, Carrier.SUBPROTOCOL, BrowserOrigins.LISTED)) {
            socket.next("connected");
        }
        assertThat(TestSocket.refusal(RealtimeUrl.WS, token, Carrier.SUBPROTOCOL, "https://elsewhere.example"))
                .isEqualTo(403);
    }

    @Test
    void connectedComesFirstEvenWhenTheClientSpeaksBeforeIt() {
        var token = People.create("alice").token();
        // A frame sent the moment the upgrade completes races the socket's set-up on the server:
        // many sockets, a few at a time, so that a frame lost in that race shows.
        try (var pool = Executors.newFixedThreadPool(4)) {
            var answered = IntStream.range(0, 200).mapToObj(i -> pool.submit(() -> {
                try (var socket = RealtimeUrl.connect(token)) {
                    socket.send("{\"type\":\"ping\"}"); // before 'connected' arrived
                    var first = socket.next(frame -> true, "a first frame").path("type").asText();
                    socket.next("pong");
                    return first;
                }
            })).toList();
            for (var socket : answered) {
                assertThat(socket).succeedsWithin(Duration.ofSeconds(30)).isEqualTo("connected");
            }
        }
    }

    /**
     * websockets-next upgrades on whichever thread the check's verdict arrives: on a worker thread
     * it leaves a moment after the 101 in which the client's first frame is dropped, which the test
     * above catches only now and then.
     */
    @Test
    void theUpgradeVerdictArrivesOnTheRequestsEventLoop() throws Exception {
        var token = People.create("alice").token();
        var request = fake(HttpServerRequest.class, (method, args) -> switch (method.getName()) {
            case "getHeader" -> "Authorization".equals(args[0]) ? "Bearer " + token : null;
            case "headers" -> MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
            default -> null;
        });
        var userData = new HashMap<Object, Object>();
        var data = fake(UserData.class, (method, args) -> switch (method.getName()) {
            case "put" -> userData.put(args[0], args[1]);
            case "get" -> userData.get(args[0]);
            default -> null;
        });
        var upgrade = fake(HttpUpgradeCheck.HttpUpgradeContext.class, (method, args) -> switch (method.getName()) {
            case "httpRequest" -> request;
            case "userData" -> data;
            default -> null;
        });
        var requestThread = new CompletableFuture<Thread>();
        var verdictThread = new CompletableFuture<Thread>();
        var verdict = new CompletableFuture<Boolean>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            requestThread.complete(Thread.currentThread());
            upgradeCheck.perform(upgrade).subscribe().with(result -> {
                verdictThread.complete(Thread.currentThread());
                verdict.complete(result.isUpgradePermitted());
            }, verdict::completeExceptionally);
        });

        assertThat(verdict.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(verdictThread.get()).isSameAs(requestThread.get());
    }

    /** An interface whose methods answer as {@code answers} says (by name), for the few a test needs. */
    private static <T> T fake(Class<T> type, BiFunction<Method, Object[], Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answers.apply(method, args)));
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (var socket = People.create("alice").connect()) {
            socket.send("{\"type\":\"ping\"}");
            assertThat(socket.next("pong").path("timestamp").asText()).isNotBlank();
        }
    }

    @Test
    void aTokenThatExpiresClosesTheSocketWith4001() {
        var alice = People.create("alice");
        try (var socket = RealtimeUrl.connect(alice.tokenFor(Duration.ofSeconds(2)))) {
            socket.next("connected");
            assertThat(socket.closeCode(Duration.ofSeconds(10))).isEqualTo(4001);
        }
    }

    @Test
    void aFreshTokenSentInTimeKeepsTheSocketOpen() {
        var alice = People.create("alice");
        try (var socket = RealtimeUrl.connect(alice.tokenFor(Duration.ofSeconds(2)))) {
            socket.next("connected");
            socket.send("type", "auth", "token", alice.tokenFor(Duration.ofMinutes(5)));
            var authenticated = socket.next("authenticated");
            assertThat(Instant.parse(authenticated.path("expires_at").asText()))
                    .isAfter(Instant.now().plus(Duration.ofMinutes(4)));

            socket.all("none", Duration.ofSeconds(3)); // past the first token's expiry
            assertThat(socket.isClosed()).isFalse();
            socket.send("{\"type\":\"ping\"}");
            socket.next("pong");
        }
    }

    @Test
    void anotherUsersTokenOrAnInvalidOneIsRefusedAndTheSocketKeepsItsOwn() {
        var alice = People.create("alice");
        try (var socket = alice.connect()) {
            socket.send("type", "auth", "token", People.create("mallory").token());
            assertThat(socket.next("error").path("code").asText()).isEqualTo("token_invalid");
            socket.send("type", "auth", "token", "garbage");
            var error = socket.next("error");
            assertThat(error.path("code").asText()).isEqualTo("token_invalid");
            assertThat(error.path("request_type").asText()).isEqualTo("auth");
            socket.send("{\"type\":\"ping\"}");
            socket.next("pong");
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsClosedAndGoesOffline() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        chats.group(alice.id(), bob.id());
        try (var watcher = alice.connect(); var vanished = new SilentPeer(bob.token())) {
            watcher.next(e -> e.path("type").asText().equals("user_status")
                    && e.path("user_id").asText().equals(bob.id().toString())
                    && e.path("status").asText().equals("online"), "bob online");
            var offline = watcher.next(e -> e.path("type").asText().equals("user_status")
                    && e.path("status").asText().equals("offline"), "bob offline");
            assertThat(offline.path("user_id").asText()).isEqualTo(bob.id().toString());
        }
    }

    @Test
    void aPeerThatResetsItsConnectionGoesOfflineAndIsNoErrorInTheLog() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        chats.group(alice.id(), bob.id());
        var errors = new CopyOnWriteArrayList<LogRecord>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        var log = java.util.logging.Logger.getLogger(Gateway.class.getName());
        log.addHandler(handler);
        try (var watcher = alice.connect(); var vanished = new SilentPeer(bob.token())) {
            watcher.next(e -> e.path("type").asText().equals("user_status")
                    && e.path("user_id").asText().equals(bob.id().toString())
                    && e.path("status").asText().equals("online"), "bob online");
            vanished.reset();
            watcher.next(e -> e.path("type").asText().equals("user_status")
                    && e.path("user_id").asText().equals(bob.id().toString())
                    && e.path("status").asText().equals("offline"), "bob offline");
            // the gateway hears of the reset before the departure that announces offline; a moment more for safety
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(errors).extracting(LogRecord::getMessage).isEmpty());
        } finally {
            log.removeHandler(handler);
        }
    }
}
