package io.switchboard.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What one client has of its chats: every chat event it received, in arrival order (packed as
 * numbers: a thousand clients over half an hour keep millions), which seqs it holds, the highest,
 * and where an unfinished resume of a chat started. Chats are the soak's indexes; -1 as a
 * baseline means the client is not a member.
 */
final class ChaosHoldings {

    private final long[] baseline;
    private final long[] lastSeen;
    private final Long[] resumeFrom; // an unfinished resume of the chat: from where (null: none)
    private final BitSet[] received;
    private long[] arrivals = new long[256]; // chat << 56 | connection << 40 | seq
    private int count;

    ChaosHoldings(long[] baseline) {
        this.baseline = baseline.clone();
        this.lastSeen = baseline.clone();
        this.resumeFrom = new Long[baseline.length];
        this.received = new BitSet[baseline.length];
        for (int i = 0; i < baseline.length; i++) {
            received[i] = new BitSet();
        }
    }

    boolean member(int chat) {
        return chat >= 0 && baseline[chat] >= 0;
    }

    /** An event received on socket {@code connection} (0: reloaded over REST). */
    synchronized void record(int chat, long seq, int connection) {
        if (count == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
        }
        arrivals[count++] = (long) chat << 56 | (long) connection << 40 | seq;
        received[chat].set(Math.toIntExact(seq));
        lastSeen[chat] = Math.max(lastSeen[chat], seq);
    }

    synchronized boolean has(int chat, long seq) {
        return received[chat].get(Math.toIntExact(seq));
    }

    /** Every seq after the baseline up to {@code last}? (true for a chat it is not in) */
    synchronized boolean hasAllUpTo(int chat, long last) {
        return baseline[chat] < 0 || last <= baseline[chat]
                || received[chat].nextClearBit(Math.toIntExact(baseline[chat] + 1)) > last;
    }

    /**
     * Where to resume each chat from, for a new socket: the last seq it has, or, where a resume did
     * not finish, where that one started (what came live since may have a gap before it).
     */
    synchronized Map<Integer, Long> resumeAll() {
        var from = new LinkedHashMap<Integer, Long>();
        for (int chat = 0; chat < baseline.length; chat++) {
            if (baseline[chat] >= 0) {
                if (resumeFrom[chat] == null) {
                    resumeFrom[chat] = lastSeen[chat];
                }
                from.put(chat, resumeFrom[chat]);
            }
        }
        return from;
    }

    /** Where to resume one chat from again (its resume failed), or reload it from. */
    synchronized long resumePoint(int chat) {
        return resumeFrom[chat] != null ? resumeFrom[chat] : lastSeen[chat];
    }

    /** The chat's resume (or reload) is complete. */
    synchronized void resumed(int chat) {
        resumeFrom[chat] = null;
    }

    /** What it received, for {@link DeliveryCheck}. */
    synchronized DeliveryCheck.View view(String client, String userId, boolean stayedConnected,
                                         IntFunction<String> chatIds) {
        var chats = new HashMap<String, Long>();
        for (int chat = 0; chat < baseline.length; chat++) {
            if (baseline[chat] >= 0) {
                chats.put(chatIds.apply(chat), baseline[chat]);
            }
        }
        var list = new ArrayList<DeliveryCheck.Arrival>(count);
        for (int i = 0; i < count; i++) {
            long packed = arrivals[i];
            list.add(new DeliveryCheck.Arrival(chatIds.apply((int) (packed >>> 56)), packed & 0xFF_FFFF_FFFFL,
                    (int) (packed >>> 40 & 0xFFFF)));
        }
        return new DeliveryCheck.View(client, userId, chats, list, stayedConnected);
    }
}
