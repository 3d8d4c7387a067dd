package io.switchboard.realtime.socket;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sockets open on this instance, by connection and by user. A user's sockets are a small
 * array replaced on change (a user has a few devices; events read it far more often than sockets
 * open or close), which costs a connection far less heap than a concurrent set per user.
 */
@ApplicationScoped
public class Sessions {

    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final Map<UUID, List<ClientSession>> byUser = new ConcurrentHashMap<>();

    /** Adds the socket unless its user already has {@code limit} sockets here; false when refused. */
    public boolean add(ClientSession session, int limit) {
        boolean[] added = {false};
        byUser.compute(session.userId(), (user, sessions) -> {
            if (sessions != null && sessions.size() >= limit) {
                return sessions;
            }
            added[0] = true;
            if (sessions == null) {
                return List.of(session);
            }
            var more = new ArrayList<>(sessions);
            more.add(session);
            return List.copyOf(more);
        });
        if (added[0]) {
            byId.put(session.id(), session);
        }
        return added[0];
    }

    /** True when it was the user's last socket here. */
    public boolean remove(ClientSession session) {
        if (byId.remove(session.id()) == null) {
            return false;
        }
        boolean[] last = {false};
        byUser.computeIfPresent(session.userId(), (user, sessions) -> {
            var fewer = new ArrayList<>(sessions);
            fewer.remove(session);
            last[0] = fewer.isEmpty();
            return last[0] ? null : List.copyOf(fewer);
        });
        return last[0];
    }

    public boolean contains(ClientSession session) {
        return byId.get(session.id()) == session;
    }

    public ClientSession get(String connectionId) {
        return byId.get(connectionId);
    }

    public Collection<ClientSession> of(UUID userId) {
        var sessions = byUser.get(userId);
        return sessions == null ? List.of() : sessions;
    }

    public Collection<ClientSession> all() {
        return byId.values();
    }

    public int count() {
        return byId.size();
    }
}
