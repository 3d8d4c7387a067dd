package io.switchboard.chat.message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * The members of recently used chats, each with the {@code members_version} it was read at; a
 * trigger changes that version with every change to the chat's member rows, so an entry whose
 * version still matches the chat row is exact. Bounded by the number of member ids held, least
 * recently used chats going first. Used by the send batcher's one thread only.
 */
final class MemberCache {

    /** A chat's members, and those of them who muted it (each in joining order). */
    record Members(List<UUID> ids, List<UUID> muted) {
        static final Members NONE = new Members(List.of(), List.of());
    }

    private record Entry(long version, Members members) {
    }

    private final int maxIds;
    private final LinkedHashMap<UUID, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private int ids;

    MemberCache(int maxIds) {
        this.maxIds = maxIds;
    }

    /** The chat's members if they were read at this version, else null. */
    Members get(UUID chatId, long version) {
        var entry = entries.get(chatId);
        return entry != null && entry.version() == version ? entry.members() : null;
    }

    void put(UUID chatId, long version, Members members) {
        var previous = entries.put(chatId, new Entry(version, members));
        ids += members.ids().size() - (previous == null ? 0 : previous.members().ids().size());
        var eldest = entries.entrySet().iterator();
        while (ids > maxIds && eldest.hasNext()) {
            var next = eldest.next();
            if (next.getKey().equals(chatId)) {
                break; // the newest entry stays, even when it alone is over the bound
            }
            ids -= next.getValue().members().ids().size();
            eldest.remove();
        }
    }
}
