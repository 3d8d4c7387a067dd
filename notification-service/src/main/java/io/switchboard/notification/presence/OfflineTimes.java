package io.switchboard.notification.presence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who was offline when: each user's status at the start of a span and its changes within it, as
 * realtime-service recorded them. A user it did not answer for counts as offline.
 */
public final class OfflineTimes {

    /** The user came online ({@code online}) or went offline at {@code at}. */
    record Change(Instant at, boolean online) {
    }

    /** A user's status at the start and its changes in order. */
    record Timeline(boolean online, List<Change> changes) {
    }

    private final Map<UUID, Timeline> timelines;

    OfflineTimes(Map<UUID, Timeline> timelines) {
        this.timelines = timelines;
    }

    /** Presence could not be asked: everyone counts as offline. */
    static OfflineTimes unknown() {
        return new OfflineTimes(Map.of());
    }

    /** Whether the user had no socket open anywhere at {@code time} (a moment within the span asked). */
    public boolean offlineAt(UUID user, Instant time) {
        var timeline = timelines.get(user);
        if (timeline == null) {
            return true;
        }
        boolean online = timeline.online();
        for (Change change : timeline.changes()) {
            if (change.at().isAfter(time)) {
                break;
            }
            online = change.online();
        }
        return !online;
    }
}
