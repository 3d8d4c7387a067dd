package io.switchboard.notification.presence;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.switchboard.notification.auth.ServiceToken;

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

    /** The users among these who have no socket open on any instance. */
    public Set<UUID> offline(Collection<UUID> users) {
        var offline = new HashSet<UUID>(users);
        if (users.isEmpty()) {
            return offline;
        }
        try {
            var bearer = token.bearer();
            if (bearer.isEmpty()) {
                return offline;
            }
            var ids = List.copyOf(users);
            for (int from = 0; from < ids.size(); from += PAGE) {
                var page = ids.subList(from, Math.min(ids.size(), from + PAGE));
                for (var user : ask(bearer.get(), page).users()) {
                    if (!"offline".equals(user.status())) {
                        offline.remove(user.userId());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Presence unknown, counting %d users as offline: %s", users.size(), e.toString());
        }
        return offline;
    }

    private RealtimeClient.PresenceList ask(String bearer, List<UUID> users) {
        try {
            return realtime.presence(bearer, new RealtimeClient.PresenceQuery(users));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 401) {
                token.invalidate(); // keys rotated, or the token expired early: one more try with a new one
                return realtime.presence(token.bearer().orElseThrow(), new RealtimeClient.PresenceQuery(users));
            }
            throw e;
        }
    }
}
