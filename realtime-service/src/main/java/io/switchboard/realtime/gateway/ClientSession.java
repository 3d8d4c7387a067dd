package io.switchboard.realtime.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.realtime.delivery.Frame;

/**
 * One open socket: whose it is, the token it runs on, the chats muted on it, its rate limit, its
 * status and its way out. Chats being resumed hold their live events back until the replay
 * before them is written, so a chat's events reach the socket in order.
 */
public final class ClientSession {

    public static final String ONLINE = "online";
    public static final String AWAY = "away";

    private final WebSocketConnection connection;
    private final UUID userId;
    private final Outbound outbound;
    private final TokenBucket rateLimit;
    /** Copied on change: read for every event, changed by a rare join_chat/leave_chat; empty on most sockets. */
    private volatile Set<UUID> muted = Set.of();
    private final Map<UUID, List<Held>> resuming = new HashMap<>();
    private List<Held> opening = new ArrayList<>();
    private long openingBytes;
    private volatile String token;
    private volatile Instant expiresAt;
    private volatile String status = ONLINE;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean replaying;

    private record Held(Frame frame, UUID chatId, long seq) {
    }

    ClientSession(WebSocketConnection connection, UUID userId, String token, Instant expiresAt, Outbound outbound,
                  TokenBucket rateLimit) {
        this.connection = connection;
        this.userId = userId;
        this.token = token;
        this.expiresAt = expiresAt;
        this.outbound = outbound;
        this.rateLimit = rateLimit;
    }

    public String id() {
        return connection.id();
    }

    public UUID userId() {
        return userId;
    }

    public String token() {
        return token;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    void renew(String token, Instant expiresAt) {
        this.token = token;
        this.expiresAt = expiresAt;
    }

    public String status() {
        return status;
    }

    void status(String status) {
        this.status = status;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    TokenBucket rateLimit() {
        return rateLimit;
    }

    synchronized boolean mute(UUID chatId) {
        if (muted.contains(chatId)) {
            return false;
        }
        var changed = new HashSet<>(muted);
        changed.add(chatId);
        muted = Set.copyOf(changed);
        return true;
    }

    synchronized boolean unmute(UUID chatId) {
        if (!muted.contains(chatId)) {
            return false;
        }
        var changed = new HashSet<>(muted);
        changed.remove(chatId);
        muted = Set.copyOf(changed);
        return true;
    }

    /** A frame for this socket alone (answers, replays): never muted, never held. */
    public Outbound.Result send(Frame frame) {
        return outbound.send(frame);
    }

    /**
     * Waits while this socket's unwritten bytes are past the soft limit, so that a long replay goes
     * at the client's pace instead of past the hard limit; false when the client took nothing for
     * {@code patience}.
     */
    boolean awaitRoom(Duration patience) throws InterruptedException {
        return outbound.awaitWithinSoftLimit(patience);
    }

    /**
     * While a replay is written the socket's pongs wait behind it (its frames are handled one at a
     * time), so silence is not counted against it; the replay judges a client that takes nothing.
     */
    void replaying(boolean replaying) {
        this.replaying = replaying;
        if (!replaying) {
            heard();
        }
    }

    boolean isReplaying() {
        return replaying;
    }

    /** A frame not tied to a chat (presence, notices) among many sockets' writes. */
    public Outbound.Result send(Frame frame, FrameWrites writes) {
        return outbound.send(frame, writes);
    }

    /**
     * A chat event: skipped if the chat is muted here; held back while the socket is opening (until
     * its first frame tells whether it resumes) and while the chat is being resumed. Otherwise it
     * joins {@code writes}.
     */
    public Outbound.Result deliver(Frame frame, UUID chatId, long seq, FrameWrites writes) {
        if (muted.contains(chatId)) {
            return Outbound.Result.DROPPED;
        }
        synchronized (resuming) {
            if (opening != null && openingBytes + frame.bytes() <= outbound.softLimit()) {
                opening.add(new Held(frame, chatId, seq));
                openingBytes += frame.bytes();
                return Outbound.Result.SENT;
            }
            if (opening != null) {
                releaseOpening(); // the hold is bounded too: past it, the outbound limits apply
            }
            var held = resuming.get(chatId);
            if (held != null) {
                held.add(new Held(frame, chatId, seq));
                return Outbound.Result.SENT;
            }
        }
        return outbound.send(frame, writes);
    }

    /**
     * Ends the opening hold: events held since the socket opened are written, or join the replay
     * buffer of a chat now being resumed. Called on the first client frame, or when the hold
     * window passes without one.
     */
    void releaseOpening() {
        synchronized (resuming) {
            if (opening == null) {
                return;
            }
            var held = opening;
            opening = null;
            for (var h : held) {
                var buffer = resuming.get(h.chatId());
                if (buffer != null) {
                    buffer.add(h);
                } else {
                    outbound.send(h.frame());
                }
            }
        }
    }

    /** Live events of the chat wait from now until {@link #endResume}. */
    void beginResume(UUID chatId) {
        synchronized (resuming) {
            resuming.putIfAbsent(chatId, new ArrayList<>());
        }
    }

    /** Writes the held live events after {@code deliveredSeq} (the replay covered the rest). */
    long endResume(UUID chatId, long deliveredSeq) {
        synchronized (resuming) {
            long last = deliveredSeq;
            var held = resuming.remove(chatId);
            if (held != null) {
                for (var h : held) {
                    if (h.seq() > last) {
                        outbound.send(h.frame());
                        last = h.seq();
                    }
                }
            }
            return last;
        }
    }

    void open(Frame connected) {
        outbound.open(connected);
    }

    public void close(int code, String reason) {
        outbound.close(new CloseReason(code, reason));
    }

    boolean isClosing() {
        return outbound.isClosing();
    }

    /** True when chat events are written straight to the socket's channel (see {@link FrameWrites}). */
    boolean writesToChannel() {
        return outbound.writesToChannel();
    }

    WebSocketConnection connection() {
        return connection;
    }
}
