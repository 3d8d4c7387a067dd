package io.switchboard.realtime.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where users were found in the directory, kept while the slots they were read under are
 * unchanged: the same holders, and no arrival counted at any of them. Any change drops everything
 * kept, and the users are read again. Safe for several threads.
 */
final class Located {

    /** A slot's holder and its count of arrivals, as read together. */
    record SlotVersion(int slot, UUID instanceId, long arrivals) {
    }

    private final int maxUsers;
    private List<SlotVersion> readUnder = List.of();
    private final Map<UUID, List<Integer>> slotsOf = new HashMap<>();

    Located(int maxUsers) {
        this.maxUsers = maxUsers;
    }

    /**
     * The slots of those of {@code users} known under {@code slots}, each user's list (empty when
     * connected nowhere); forgets everything read under other slots. A user left out must be read.
     */
    synchronized Map<UUID, List<Integer>> known(List<SlotVersion> slots, Collection<UUID> users) {
        if (!slots.equals(readUnder)) {
            slotsOf.clear();
            readUnder = slots;
        }
        var known = new HashMap<UUID, List<Integer>>();
        for (UUID user : users) {
            var userSlots = slotsOf.get(user);
            if (userSlots != null) {
                known.put(user, userSlots);
            }
        }
        return known;
    }

    /**
     * Keeps users' slots read after {@code slots} was: kept only while those are still the slots
     * known (a read made under older ones may lack a newer arrival).
     */
    synchronized void put(List<SlotVersion> slots, Map<UUID, List<Integer>> read) {
        if (!slots.equals(readUnder)) {
            return;
        }
        if (slotsOf.size() + read.size() > maxUsers) {
            slotsOf.clear();
        }
        read.forEach((user, userSlots) -> slotsOf.put(user, List.copyOf(userSlots)));
    }
}
