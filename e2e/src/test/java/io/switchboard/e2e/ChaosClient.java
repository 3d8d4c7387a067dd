package io.switchboard.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One user's device in the chaos soak, behaving as the protocol asks of a client: one socket, and
 * when it drops, a reconnect with exponential backoff and jitter to either instance (the other
 * one after a failed attempt), then
 * {@code resume} from the last seq it has per chat ({@code resync_required}: a reload over REST).
 * It records every chat event it receives as (chat, seq, which of its sockets) in arrival order
 * ({@link ChaosHoldings}).
 *
 * <p>Its WebSocket sends ({@code send_message} with a {@code client_message_id}) are retried with
 * the same id until {@code message_sent}; its token is refreshed before it expires and handed to
 * the socket with {@code auth}.
 */
final class ChaosClient {

    /** How a socket ended, for the report: a server's close code, or one of these. */
    static final String DROPPED = "network dropped (by the soak)";
    static final String SILENT = "silent 60 s (closed by the client)";
    static final String ERROR = "cut without a close frame";
    static final String REFUSED = "connect failed";
    static final String MOVED = "moved to another instance (by the soak)";

    private static final Duration QUIET = Duration.ofSeconds(15);
    private static final Duration SILENCE = Duration.ofSeconds(60);
    private static final Duration ANSWER = Duration.ofSeconds(10);

    final String name;
    final String userId;
    private final ChaosWorld world;
    private final int firstInstance;
    private final ChaosHoldings holdings;
    private final ChaosTokens tokens;
    private final Map<String, PendingSend> pending = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile long awayUntil;
    private volatile ChaosSocket current;
    private volatile int instance = -1;
    private volatile int nextInstance = -1;
    private int lastTried = -1;
    private volatile int connections;
    private Thread loop;

    ChaosClient(ChaosWorld world, String name, JsonNode login, int firstInstance, long[] baseline) {
        this.world = world;
        this.name = name;
        this.userId = login.path("user").path("id").asText();
        this.firstInstance = firstInstance;
        this.holdings = new ChaosHoldings(baseline);
        this.tokens = new ChaosTokens(world.http(), world.authUrl(), login);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    void start() {
        loop = Thread.ofVirtual().name("chaos-" + name).start(this::run);
    }

    /** Closes the socket normally and ends the loop, waiting at most {@code wait}. */
    void stop(Duration wait) {
        running = false;
        var socket = current;
        if (socket != null) {
            socket.close("closed by the client");
        }
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes its socket normally and connects again to this instance (as a load balancer would send it). */
    void moveTo(int target) {
        nextInstance = target;
        var socket = current;
        if (socket != null) {
            socket.close(MOVED);
        }
    }

    /** Moves back to the instance it first connected to, if it is connected elsewhere; whether it moves. */
    boolean moveHome() {
        if (instance() < 0 || instance() == firstInstance) {
            return false;
        }
        moveTo(firstInstance);
        return true;
    }

    /** Is it connected to the instance it first connected to. */
    boolean home() {
        return instance() == firstInstance;
    }

    /** Cuts the TCP connection without a close frame and stays away for {@code away}. */
    void dropNetwork(Duration away) {
        awayUntil = System.nanoTime() + away.toNanos();
        var socket = current;
        if (socket != null) {
            socket.end(DROPPED);
        }
    }

    boolean connected() {
        var socket = current;
        return socket != null && socket.open();
    }

    /** The instance its socket is on; -1 when not connected. */
    int instance() {
        return connected() ? instance : -1;
    }

    /** Was one socket open from the start to now: never dropped, never reconnected. */
    boolean stayedConnected() {
        return connections == 1 && connected();
    }

    int connections() {
        return connections;
    }

    private void run() {
        int failures = 0;
        while (running) {
            long away = awayUntil - System.nanoTime();
            if (away > 0 && !pause(Duration.ofNanos(away))) {
                return;
            }
            // after a failed attempt the other instance, as the SDK goes on to its next URL (a load
            // balancer would not send it to a dead one either); after a close, either
            int target = nextInstance >= 0 ? nextInstance : connections == 0 && failures == 0 ? firstInstance
                    : failures > 0 && lastTried >= 0 ? (lastTried + 1) % world.instances()
                    : ThreadLocalRandom.current().nextInt(world.instances());
            lastTried = target;
            nextInstance = -1;
            var socket = new ChaosSocket(connections + 1, this::handle, world::countUnreadable);
            try {
                socket.socket = world.http().client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + tokens.access())
                        .buildAsync(URI.create(world.wsUrl(target)), socket).get(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                world.countClose(REFUSED);
                if (tokens.expired()) {
                    tokens.refreshIfDue();
                }
                if (!pause(backoff(++failures))) {
                    return;
                }
                continue;
            }
            connections = socket.index;
            instance = target;
            current = socket;
            if (!running) {
                socket.close("closed by the client");
                return;
            }
            socket.send(resumeFrame(holdings.resumeAll()));
            failures = watch(socket) ? 0 : failures + 1;
            if (running && !pause(backoff(failures))) {
                return;
            }
        }
    }

    /** Until the socket ends: pings when quiet, gives up on a silent one. True if it was greeted. */
    private boolean watch(ChaosSocket socket) {
        long pingedAt = 0;
        while (running && !socket.closed.isDone()) {
            try {
                socket.closed.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return socket.greeted;
            } catch (Exception e) {
                long quiet = System.nanoTime() - socket.lastFrame;
                if (quiet > SILENCE.toNanos()) {
                    socket.end(SILENT);
                } else if (quiet > QUIET.toNanos() && System.nanoTime() - pingedAt > QUIET.toNanos()) {
                    pingedAt = System.nanoTime();
                    Thread.ofVirtual().start(() -> socket.send("{\"type\":\"ping\"}"));
                }
            }
        }
        if (socket.closed.isDone() && running) {
            world.countClose(socket.closed.getNow(ERROR));
            if (!socket.closing) {
                socket.socket.abort();
            }
        }
        return socket.greeted;
    }

    /** Full jitter over an exponential ceiling: 250 ms, 500 ms, ... up to 8 s. */
    private static Duration backoff(int failures) {
        long ceiling = Math.min(8_000, 250L << Math.min(failures, 10));
        return Duration.ofMillis(50 + ThreadLocalRandom.current().nextLong(ceiling));
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    // ---- what arrives ------------------------------------------------------------------------

    private void handle(ChaosSocket socket, JsonNode event) {
        switch (event.path("type").asText()) {
            case "connected" -> {
                socket.greeted = true;
                pending.values().forEach(send -> send.retryAt = System.nanoTime());
            }
            case "message_sent" -> {
                var send = pending.remove(event.path("client_message_id").asText());
                if (send != null) {
                    world.sends().acknowledged(send.clientMessageId, event.path("message").path("seq").asLong());
                }
            }
            case "error" -> failed(socket, event);
            case "resumed" -> event.path("chats").fieldNames().forEachRemaining(chat -> {
                int index = world.chatIndex(chat);
                if (holdings.member(index)) {
                    holdings.resumed(index);
                }
            });
            case "resync_required" -> {
                int chat = world.chatIndex(event.path("chat_id").asText());
                if (holdings.member(chat)) {
                    world.countResync();
                    Thread.ofVirtual().start(() -> reload(chat));
                }
            }
            default -> {
                if (event.has("event_seq") && event.has("chat_id")) {
                    int chat = world.chatIndex(event.path("chat_id").asText());
                    if (holdings.member(chat)) {
                        holdings.record(chat, event.path("event_seq").asLong(), socket.index);
                    }
                }
            }
        }
    }

    private void failed(ChaosSocket socket, JsonNode error) {
        var cmid = error.path("client_message_id").asText("");
        var send = cmid.isEmpty() ? null : pending.get(cmid);
        if (send != null) {
            send.retryAt = System.nanoTime() + backoff(send.attempts).toNanos();
            return;
        }
        if (error.path("request_type").asText().equals("resume")) {
            int chat = world.chatIndex(error.path("chat_id").asText());
            if (holdings.member(chat)) {
                world.countResumeError();
                Thread.ofVirtual().start(() -> {
                    if (pause(backoff(2)) && !socket.closed.isDone()) {
                        socket.send(resumeFrame(Map.of(chat, holdings.resumePoint(chat))));
                    }
                });
            }
        }
    }

    boolean has(int chat, long seq) {
        return holdings.has(chat, seq);
    }

    boolean hasAllUpTo(int chat, long last) {
        return holdings.hasAllUpTo(chat, last);
    }

    DeliveryCheck.View view(boolean stayedConnected) {
        return holdings.view(name, userId, stayedConnected, world::chatId);
    }

    private String resumeFrame(Map<Integer, Long> from) {
        var chats = ChaosHttp.JSON.createObjectNode();
        from.forEach((chat, seq) -> chats.put(world.chatId(chat), seq));
        return ChaosHttp.JSON.createObjectNode().put("type", "resume").set("chats", chats).toString();
    }

    /** After {@code resync_required}: the chat's events over REST, page by page, from where the resume was. */
    private void reload(int chat) {
        long after = holdings.resumePoint(chat);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int failures = 0;
        while (running && System.nanoTime() < deadline) {
            var page = world.http().get(world.chatUrl() + "/api/chats/" + world.chatId(chat)
                    + "/events?limit=500&after_seq=" + after, tokens.access());
            if (page.status() == 410) {
                world.countResyncUnrecoverable();
                return; // older than the log keeps: what it missed stays missing, and the report says so
            }
            if (!page.ok()) {
                if (!pause(backoff(++failures))) {
                    return;
                }
                continue;
            }
            var events = page.body().path("events");
            for (var event : events) {
                after = event.path("seq").asLong();
                holdings.record(chat, after, 0);
            }
            if (events.isEmpty() || after >= page.body().path("last_seq").asLong()) {
                holdings.resumed(chat);
                return;
            }
        }
    }

    // ---- sending -----------------------------------------------------------------------------

    private static final class PendingSend {
        final String clientMessageId;
        final String frame;
        final long firstAt = System.nanoTime();
        volatile long retryAt = System.nanoTime();
        volatile int attempts;

        PendingSend(String clientMessageId, String frame) {
            this.clientMessageId = clientMessageId;
            this.frame = frame;
        }
    }

    /** {@code send_message} over its socket, retried with the same id until {@code message_sent}. */
    void sendOverSocket(String chatId, String clientMessageId, String content) {
        var frame = ChaosHttp.JSON.createObjectNode().put("type", "send_message").put("chat_id", chatId)
                .put("content", content).put("client_message_id", clientMessageId).toString();
        var send = new PendingSend(clientMessageId, frame);
        pending.put(clientMessageId, send);
        transmit(send);
    }

    /** Sends what is due again (no answer within 10 s, or an error), and gives up on what is too old. */
    void retrySends(Duration giveUpAfter) {
        long now = System.nanoTime();
        for (var send : pending.values()) {
            if (now - send.firstAt > giveUpAfter.toNanos()) {
                if (pending.remove(send.clientMessageId) != null) {
                    world.sends().givenUp(send.clientMessageId);
                }
            } else if (now >= send.retryAt) {
                transmit(send);
            }
        }
    }

    int pendingSends() {
        return pending.size();
    }

    private void transmit(PendingSend send) {
        var socket = current;
        if (socket == null || !socket.open()) {
            return; // when it is connected again
        }
        send.retryAt = System.nanoTime() + ANSWER.toNanos();
        send.attempts++;
        world.sends().attempted(send.clientMessageId);
        Thread.ofVirtual().start(() -> socket.send(send.frame));
    }

    // ---- tokens ------------------------------------------------------------------------------

    String token() {
        return tokens.access();
    }

    boolean refreshDue() {
        return tokens.due();
    }

    /** Refreshes the token when due, and hands the new one to the socket with {@code auth}. */
    void refreshIfDue() {
        if (!tokens.refreshIfDue()) {
            return;
        }
        world.countRefresh();
        var socket = current;
        if (socket != null && socket.open()) {
            socket.send(ChaosHttp.JSON.createObjectNode().put("type", "auth").put("token", tokens.access()).toString());
        }
    }
}
