package io.switchboard.realtime.typing;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.delivery.Fanout;
import io.switchboard.realtime.socket.EventFrames;
import io.vertx.core.Vertx;

/**
 * Who is typing where. A start or a stop is relayed to the chat's other members, except those
 * kept apart from the typist by a block; an indicator not refreshed within the timeout, or whose
 * socket closed, ends with {@code is_typing: false}.
 */
@ApplicationScoped
public class TypingIndicators {

    private static final Logger LOG = Logger.getLogger(TypingIndicators.class);

    private record Key(UUID chatId, UUID userId) {
    }

    private record Indicator(String connectionId, long expiresAtNanos) {
    }

    private final ChatMembers members;
    private final BlockLists blocks;
    private final EventFrames frames;
    private final Fanout fanout;
    private final Vertx vertx;
    private final long timeoutNanos;
    private final Map<Key, Indicator> typing = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public TypingIndicators(ChatMembers members, BlockLists blocks, EventFrames frames, Fanout fanout, Vertx vertx,
                            RealtimeConfig config) {
        this.members = members;
        this.blocks = blocks;
        this.frames = frames;
        this.fanout = fanout;
        this.vertx = vertx;
        this.timeoutNanos = config.typing().timeout().toNanos();
    }

    void start(@Observes StartupEvent startup) {
        long period = Math.max(50, timeoutNanos / 1_000_000 / 10);
        vertx.setPeriodic(period, id -> {
            // Relaying asks the directory (PostgreSQL) and writes to Kafka: never on an event loop,
            // where a stalled database would freeze every socket of the loop. One sweep at a time.
            if (sweeping.compareAndSet(false, true)) {
                Thread.ofVirtual().name("typing-expiry").start(() -> {
                    try {
                        expire();
                    } finally {
                        sweeping.set(false);
                    }
                });
            }
        });
    }

    /** The user is (still) typing in the chat, or stopped; relays changes only. */
    public void update(UUID chatId, UUID userId, String connectionId, boolean isTyping) {
        var key = new Key(chatId, userId);
        if (isTyping) {
            var previous = typing.put(key, new Indicator(connectionId, System.nanoTime() + timeoutNanos));
            if (previous == null) {
                relay(key, true);
            }
        } else if (typing.remove(key) != null) {
            relay(key, false);
        }
    }

    /** A socket closed: what it was typing stops. */
    public void socketClosed(String connectionId) {
        typing.forEach((key, indicator) -> {
            if (indicator.connectionId().equals(connectionId) && typing.remove(key, indicator)) {
                relay(key, false);
            }
        });
    }

    private void expire() {
        long now = System.nanoTime();
        typing.forEach((key, indicator) -> {
            if (indicator.expiresAtNanos() - now <= 0 && typing.remove(key, indicator)) {
                try {
                    relay(key, false);
                } catch (RuntimeException e) {
                    // best effort, like every typing frame: the other indicators still expire
                    LOG.debugf("Could not relay the end of %s typing in %s: %s", key.userId(), key.chatId(), e);
                }
            }
        });
    }

    private void relay(Key key, boolean isTyping) {
        var now = Instant.now();
        var others = blocks.removeApart(key.userId(), new HashSet<>(members.members(key.chatId())));
        others.remove(key.userId());
        var event = new ServerEvent.Typing(key.chatId(), key.userId(), isTyping, now);
        fanout.toMembers(others, frames.frame(event, true, now), key.chatId(), -1);
    }
}
