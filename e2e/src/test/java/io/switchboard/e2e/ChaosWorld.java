package io.switchboard.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the soak's clients share: where the services are, the chats they follow (by index, so that
 * a client keeps its arrivals as numbers), the ledger of sends, and counters for the report.
 */
final class ChaosWorld {

    private final ChaosHttp http;
    private final String authUrl;
    private final String chatUrl;
    private final List<String> wsUrls;
    private final List<String> chats;
    private final Map<String, Integer> chatIndexes = new ConcurrentHashMap<>();
    private final ChaosSends sends;

    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
    final AtomicLong resyncs = new AtomicLong();
    final AtomicLong resyncsUnrecoverable = new AtomicLong();
    final AtomicLong resumeErrors = new AtomicLong();
    final AtomicLong refreshes = new AtomicLong();
    final AtomicLong unreadable = new AtomicLong();

    ChaosWorld(ChaosHttp http, String authUrl, String chatUrl, List<String> wsUrls, List<String> chats,
               ChaosSends sends) {
        this.http = http;
        this.authUrl = authUrl;
        this.chatUrl = chatUrl;
        this.wsUrls = List.copyOf(wsUrls);
        this.chats = List.copyOf(chats);
        for (int i = 0; i < chats.size(); i++) {
            chatIndexes.put(chats.get(i), i);
        }
        this.sends = sends;
    }

    ChaosHttp http() {
        return http;
    }

    String authUrl() {
        return authUrl;
    }

    String chatUrl() {
        return chatUrl;
    }

    int instances() {
        return wsUrls.size();
    }

    String wsUrl(int instance) {
        return wsUrls.get(instance);
    }

    int chats() {
        return chats.size();
    }

    String chatId(int index) {
        return chats.get(index);
    }

    /** -1 for a chat the soak does not follow. */
    int chatIndex(String chatId) {
        return chatIndexes.getOrDefault(chatId, -1);
    }

    ChaosSends sends() {
        return sends;
    }

    /** A socket that ended, when, and how. */
    record Close(Instant at, String how) {

        /** Not the soak's own doing (a drop, a move, the end) nor a connect that failed. */
        boolean unasked() {
            return !how.equals(ChaosClient.DROPPED) && !how.equals(ChaosClient.MOVED)
                    && !how.equals(ChaosClient.REFUSED);
        }
    }

    private final Queue<Close> closeLog = new ConcurrentLinkedQueue<>();

    void countClose(String how) {
        closes.computeIfAbsent(how, k -> new LongAdder()).increment();
        closeLog.add(new Close(Instant.now(), how));
    }

    /** Every socket that ended while the soak ran (connects that failed included). */
    List<Close> closeLog() {
        return List.copyOf(closeLog);
    }

    /** How sockets ended (close code or how else), while the soak ran. */
    Map<String, Long> closes() {
        var counts = new TreeMap<String, Long>();
        closes.forEach((how, n) -> counts.put(how, n.sum()));
        return counts;
    }

    void countResync() {
        resyncs.incrementAndGet();
    }

    void countResyncUnrecoverable() {
        resyncsUnrecoverable.incrementAndGet();
    }

    void countResumeError() {
        resumeErrors.incrementAndGet();
    }

    void countRefresh() {
        refreshes.incrementAndGet();
    }

    void countUnreadable() {
        unreadable.incrementAndGet();
    }
}
