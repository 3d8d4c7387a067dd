package io.switchboard.realtime.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

import io.switchboard.contracts.realtime.PresenceStatus;

/**
 * One open socket: whose it is, the token it runs on, the chats muted on it, its rate limit, its
 * status and its way out. Chats being resumed hold their live events back until the replay
 * before them is written, so a chat's events reach the socket in order.
 */
public final class ClientSession {

    private final WebSocketConnection connection;
    private final UUID userId;
    private final Outbound outbound;
    private final TokenBucket rateLimit;
    /** Copied on change: read for every event, changed by a rare join_chat/leave_chat; empty on most sockets. */
    private volatile Set<UUID> muted = Set.of();
    private final Map<UUID, ResumeHold> resuming = new HashMap<>();
    /**
     * Per chat, the highest seq this socket was given (written, held for it, or replayed). Chat
     * events reach an instance at least once (a router retrying a batch, a relay resending after
     * a broker stall, a partition changing hands): a seq at or below it is a repeat, never written.
     */
    private final Map<UUID, Long> lastSeq = new ConcurrentHashMap<>();
    private List<Held> opening = new ArrayList<>();
    private long openingBytes;
    private volatile String token;
    private volatile Instant expiresAt;
    private volatile String status = PresenceStatus.ONLINE;
    /** The users whose presence this socket subscribed to; replaced whole by each subscription. */
    private volatile Set<UUID> watching = Set.of();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean replaying;

    private record Held(Frame frame, UUID chatId, long seq) {
    }

    /**
     * The live events of a chat being resumed, bounded by the soft limit: past it they are dropped
     * and the replay fetches them from the log instead (a paced replay of a busy chat would
     * otherwise pile up without bound, and then all be written at once).
     */
    private static final class ResumeHold {
        final List<Held> frames = new ArrayList<>();
        long bytes;
        boolean overflowed;

        void add(Held held, long limit) {
            if (overflowed) {
                return;
            }
            if (bytes + held.frame().bytes() > limit) {
                overflowed = true;
                frames.clear();
                bytes = 0;
                return;
            }
            frames.add(held);
            bytes += held.frame().bytes();
        }
    }

    public ClientSession(WebSocketConnection connection, UUID userId, String token, Instant expiresAt, Outbound outbound,
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

    public void renew(String token, Instant expiresAt) {
        this.token = token;
        this.expiresAt = expiresAt;
    }

    public String status() {
        return status;
    }

    public void status(String status) {
        this.status = status;
    }

    public Set<UUID> watching() {
        return watching;
    }

    public void watch(Set<UUID> users) {
        this.watching = Set.copyOf(users);
    }

    public void heard() {
        lastHeardNanos = System.nanoTime();
    }

    public long lastHeardNanos() {
        return lastHeardNanos;
    }

    public TokenBucket rateLimit() {
        return rateLimit;
    }

    /** The chat's events stop reaching this socket (not the user's others). */
    public synchronized void mute(UUID chatId) {
        if (!muted.contains(chatId)) {
            var changed = new HashSet<>(muted);
            changed.add(chatId);
            muted = Set.copyOf(changed);
        }
    }

    /** The chat's events reach this socket again. */
    public synchronized void unmute(UUID chatId) {
        if (muted.contains(chatId)) {
            var changed = new HashSet<>(muted);
            changed.remove(chatId);
            muted = Set.copyOf(changed);
        }
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
    public boolean awaitRoom(Duration patience) throws InterruptedException {
        return outbound.awaitWithinSoftLimit(patience);
    }

    /**
     * While a replay is written the socket's pongs wait behind it (its frames are handled one at a
     * time), so silence is not counted against it; the replay judges a client that takes nothing.
     */
    public void replaying(boolean replaying) {
        this.replaying = replaying;
        if (!replaying) {
            heard();
        }
    }

    public boolean isReplaying() {
        return replaying;
    }

    /** A frame not tied to a chat (presence, notices) among many sockets' writes. */
    public Outbound.Result send(Frame frame, FrameWrites writes) {
        return outbound.send(frame, writes);
    }

    /**
     * A chat's frame: skipped if the chat is muted here or the socket was given its seq already
     * ({@link Outbound.Result#REPEATED}); held back while the socket is opening (until its first
     * frame tells whether it resumes), and, if it has a seq, while the chat is being resumed (a
     * frame without one, such as typing, is not in the log the replay writes, and would be lost
     * at its end). Otherwise it joins {@code writes}.
     */
    public Outbound.Result deliver(Frame frame, UUID chatId, long seq, FrameWrites writes) {
        if (muted.contains(chatId)) {
            return Outbound.Result.DROPPED;
        }
        if (seq > 0 && !advance(chatId, seq)) {
            return Outbound.Result.REPEATED;
        }
        synchronized (resuming) {
            if (opening != null) {
                if (openingBytes + frame.bytes() > outbound.hardLimit()) {
                    // Releasing them would let live events overtake the replay the first frame may
                    // ask for: more arrived before it than a socket may hold, so it reconnects.
                    return outbound.overflow();
                }
                opening.add(new Held(frame, chatId, seq));
                openingBytes += frame.bytes();
                return Outbound.Result.SENT;
            }
            var hold = seq > 0 ? resuming.get(chatId) : null; // typing has no seq and no replay to wait for
            if (hold != null) {
                hold.add(new Held(frame, chatId, seq), outbound.softLimit());
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
    public void releaseOpening() {
        synchronized (resuming) {
            if (opening == null) {
                return;
            }
            var held = opening;
            opening = null;
            for (var h : held) {
                var hold = h.seq() > 0 ? resuming.get(h.chatId()) : null;
                if (hold != null) {
                    hold.add(h, outbound.softLimit());
                } else {
                    outbound.send(h.frame());
                }
            }
        }
    }

    /** True until the opening hold ends. */
    public boolean isOpening() {
        synchronized (resuming) {
            return opening != null;
        }
    }

    /** True when {@code seq} is past what this socket was given of the chat; it is then the mark. */
    private boolean advance(UUID chatId, long seq) {
        boolean[] fresh = {false};
        lastSeq.compute(chatId, (chat, last) -> {
            if (last != null && seq <= last) {
                return last;
            }
            fresh[0] = true;
            return seq;
        });
        return fresh[0];
    }

    /** A replayed event was written: a live copy of it arriving late is a repeat. */
    public void replayed(UUID chatId, long seq) {
        lastSeq.merge(chatId, seq, Math::max);
    }

    /** Live events of the chat wait from now until {@link #endResume}. */
    public void beginResume(UUID chatId) {
        synchronized (resuming) {
            resuming.putIfAbsent(chatId, new ResumeHold());
        }
    }

    /**
     * Writes the held live events after {@code deliveredSeq} (the replay covered the rest) and
     * returns the chat's last seq written; or, when some were dropped for the bound, keeps holding
     * and returns -1: the replay goes on from {@code deliveredSeq} and ends it again.
     */
    public long endResume(UUID chatId, long deliveredSeq) {
        synchronized (resuming) {
            var hold = resuming.get(chatId);
            if (hold != null && hold.overflowed) {
                hold.overflowed = false;
                return -1;
            }
            return abandonResume(chatId, deliveredSeq);
        }
    }

    /** Ends the hold whatever it dropped (the replay failed: the client resumes again, or reloads). */
    public long abandonResume(UUID chatId, long deliveredSeq) {
        synchronized (resuming) {
            long last = deliveredSeq;
            var hold = resuming.remove(chatId);
            if (hold != null) {
                for (var h : hold.frames) {
                    if (h.seq() > last) {
                        outbound.send(h.frame());
                        last = h.seq();
                    }
                }
            }
            return last;
        }
    }

    public void open(Frame connected) {
        outbound.open(connected);
    }

    public void close(int code, String reason) {
        outbound.close(new CloseReason(code, reason));
    }

    public boolean isClosing() {
        return outbound.isClosing();
    }

    /** True when chat events are written straight to the socket's channel (see {@link FrameWrites}). */
    public boolean writesToChannel() {
        return outbound.writesToChannel();
    }

    public WebSocketConnection connection() {
        return connection;
    }
}
