package io.switchboard.notification.presence;

import static io.switchboard.contracts.realtime.PresenceStatus.OFFLINE;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.switchboard.platform.security.ServiceToken;


/**
 * Who is not connected anywhere, asked of realtime-service. When it cannot tell (down, or no
 * service token), everyone counts as offline: a notification too many is cleared by reading the
 * chat, a missing one is a message nobody hears about.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);
    private static final int PAGE = 1000;

    private final RealtimeClient realtime;
    private final ServiceToken token;

    public Presence(@RestClient RealtimeClient realtime, ServiceToken token) {
        this.realtime = realtime;
        this.token = token;
    }

    /** The users among these who have no socket open on any instance now. */
    public Set<UUID> offline(Collection<UUID> users) {
        var offline = new HashSet<UUID>(users);
        if (users.isEmpty()) {
            return offline;
        }
        try {
            if (!token.configured()) {
                return offline;
            }
            var ids = List.copyOf(users);
            for (int from = 0; from < ids.size(); from += PAGE) {
                var page = ids.subList(from, Math.min(ids.size(), from + PAGE));
                for (var user : ask(new RealtimeClient.PresenceQuery(page)).users()) {
                    if (!OFFLINE.equals(user.status())) {
                        offline.remove(user.userId());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Presence unknown, counting %d users as offline: %s", users.size(), e.toString());
        }
        return offline;
    }

    /**
     * Who of these users was offline when, from {@code from} to {@code until}: asked of the log of
     * presence changes realtime-service keeps, so the answer is what it was then, however late this
     * asks (a message is for the members who were offline when it was sent).
     */
    public OfflineTimes between(Collection<UUID> users, Instant from, Instant until) {
        if (users.isEmpty()) {
            return OfflineTimes.unknown();
        }
        try {
            if (!token.configured()) {
                return OfflineTimes.unknown();
            }
            var timelines = new HashMap<UUID, OfflineTimes.Timeline>();
            var ids = List.copyOf(users);
            for (int start = 0; start < ids.size(); start += PAGE) {
                var page = ids.subList(start, Math.min(ids.size(), start + PAGE));
                for (var user : ask(new RealtimeClient.PresenceQuery(page, from, until)).users()) {
                    var changes = user.changes() == null ? List.<OfflineTimes.Change>of() : user.changes().stream()
                            .map(change -> new OfflineTimes.Change(change.at(), !OFFLINE.equals(change.status())))
                            .toList();
                    timelines.put(user.userId(), new OfflineTimes.Timeline(!OFFLINE.equals(user.status()), changes));
                }
            }
            return new OfflineTimes(timelines);
        } catch (RuntimeException e) {
            LOG.warnf("Presence unknown, counting %d users as offline: %s", users.size(), e.toString());
            return OfflineTimes.unknown();
        }
    }

    private RealtimeClient.PresenceList ask(RealtimeClient.PresenceQuery query) {
        return token.call(bearer -> realtime.presence(bearer, query));
    }
}
