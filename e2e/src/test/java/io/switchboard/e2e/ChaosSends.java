package io.switchboard.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's steady traffic and its ledger. A few messages a second, half over REST
 * ({@code POST /api/chats/{id}/messages}, retried with the same {@code client_message_id} on a
 * timeout or a 5xx) and half as {@code send_message} on a connected member's socket (retried with
 * the same id until {@code message_sent}); mostly to the group, some to the direct chats. Every
 * message's content names its id, so that the log tells what was stored, and how often.
 */
final class ChaosSends {

    enum Via { REST, SOCKET, PROBE }

    /** One message the soak meant to send. */
    static final class Entry {
        final String clientMessageId;
        final int chat;
        final Via via;
        final AtomicInteger attempts = new AtomicInteger();
        volatile long seq = -1;
        volatile boolean givenUp;
        volatile boolean rejected;

        Entry(String clientMessageId, int chat, Via via) {
            this.clientMessageId = clientMessageId;
            this.chat = chat;
            this.via = via;
        }

        boolean acknowledged() {
            return seq >= 0;
        }
    }

    private static final String PREFIX = "chaos ";

    private final ChaosHttp http;
    private final String chatUrl;
    private final List<String> chats;
    private final Duration giveUp;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<Thread> restInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong next = new AtomicLong();
    private volatile boolean sending;
    private Thread pacer;

    ChaosSends(ChaosHttp http, String chatUrl, List<String> chats, Duration giveUp) {
        this.http = http;
        this.chatUrl = chatUrl;
        this.chats = List.copyOf(chats);
        this.giveUp = giveUp;
    }

    static String content(String clientMessageId) {
        return PREFIX + clientMessageId;
    }

    /** The id a message of the soak was sent with; null for any other content. */
    static String clientMessageId(String content) {
        return content != null && content.startsWith(PREFIX) ? content.substring(PREFIX.length()) : null;
    }

    Duration giveUp() {
        return giveUp;
    }

    /** Starts sending {@code perSecond} messages, {@code directShare} of them to the direct chats. */
    void start(List<List<ChaosClient>> membersByChat, double perSecond, double directShare) {
        sending = true;
        long interval = (long) (1e9 / perSecond);
        pacer = Thread.ofVirtual().name("chaos-sends").start(() -> {
            long due = System.nanoTime();
            while (sending) {
                due += interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (sending) {
                    sendOne(membersByChat, directShare);
                }
            }
        });
    }

    private void sendOne(List<List<ChaosClient>> membersByChat, double directShare) {
        var random = ThreadLocalRandom.current();
        int chat = membersByChat.size() > 1 && random.nextDouble() < directShare
                ? 1 + random.nextInt(membersByChat.size() - 1) : 0;
        var members = membersByChat.get(chat);
        if (random.nextBoolean()) {
            for (int tries = 0; tries < 5; tries++) {
                var from = members.get(random.nextInt(members.size()));
                if (from.connected()) {
                    var entry = register(Via.SOCKET, chat);
                    from.sendOverSocket(chats.get(chat), entry.clientMessageId, content(entry.clientMessageId));
                    return;
                }
            }
        }
        var from = members.get(random.nextInt(members.size()));
        var entry = register(Via.REST, chat);
        var thread = Thread.ofVirtual().unstarted(() -> {
            try {
                sendRest(from, entry);
            } finally {
                restInFlight.remove(Thread.currentThread());
            }
        });
        restInFlight.add(thread);
        thread.start();
    }

    /** A message over REST by {@code from}, retried with its id until stored; its seq, or -1. */
    long probe(ChaosClient from, int chat, Duration within) {
        return sendRest(from, register(Via.PROBE, chat), within);
    }

    private long sendRest(ChaosClient from, Entry entry) {
        return sendRest(from, entry, giveUp);
    }

    private long sendRest(ChaosClient from, Entry entry, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int failures = 0;
        while (System.nanoTime() < deadline) {
            entry.attempts.incrementAndGet();
            var answer = http.post(chatUrl + "/api/chats/" + chats.get(entry.chat) + "/messages", from.token(),
                    Map.of("content", content(entry.clientMessageId), "client_message_id", entry.clientMessageId));
            if (answer.ok()) {
                acknowledged(entry.clientMessageId, answer.body().path("seq").asLong());
                return entry.seq;
            }
            if (answer.status() == 401) {
                from.refreshIfDue();
            } else if (!answer.retryable()) {
                entry.rejected = true;
                return -1;
            }
            try {
                Thread.sleep(Duration.ofMillis(Math.min(4_000, 250L << Math.min(failures++, 5))));
            } catch (InterruptedException e) {
                break;
            }
        }
        givenUp(entry.clientMessageId);
        return -1;
    }

    private Entry register(Via via, int chat) {
        var id = via.name().toLowerCase().charAt(0) + "-" + next.incrementAndGet() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFL);
        var entry = new Entry(id, chat, via);
        entries.put(id, entry);
        return entry;
    }

    void attempted(String clientMessageId) {
        var entry = entries.get(clientMessageId);
        if (entry != null) {
            entry.attempts.incrementAndGet();
        }
    }

    void acknowledged(String clientMessageId, long seq) {
        var entry = entries.get(clientMessageId);
        if (entry != null) {
            entry.seq = seq;
        }
    }

    void givenUp(String clientMessageId) {
        var entry = entries.get(clientMessageId);
        if (entry != null && !entry.acknowledged()) {
            entry.givenUp = true;
        }
    }

    /** Stops new sends; waits (at most {@code within}) for those under way over REST. */
    void stop(Duration within) {
        sending = false;
        if (pacer != null) {
            pacer.interrupt();
        }
        long deadline = System.nanoTime() + within.toNanos();
        for (var thread : List.copyOf(restInFlight)) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    Map<String, Entry> entries() {
        return entries;
    }
}
