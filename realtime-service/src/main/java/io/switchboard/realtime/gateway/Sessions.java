package io.switchboard.realtime.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The sockets open on this instance, by connection and by user. */
@ApplicationScoped
public class Sessions {

    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final Map<UUID, Set<ClientSession>> byUser = new ConcurrentHashMap<>();

    /** True when it is the user's first socket here. */
    boolean add(ClientSession session) {
        byId.put(session.id(), session);
        boolean[] first = {false};
        byUser.compute(session.userId(), (user, sessions) -> {
            if (sessions == null) {
                sessions = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            sessions.add(session);
            return sessions;
        });
        return first[0];
    }

    /** True when it was the user's last socket here. */
    boolean remove(ClientSession session) {
        if (byId.remove(session.id()) == null) {
            return false;
        }
        boolean[] last = {false};
        byUser.computeIfPresent(session.userId(), (user, sessions) -> {
            sessions.remove(session);
            last[0] = sessions.isEmpty();
            return last[0] ? null : sessions;
        });
        return last[0];
    }

    boolean contains(ClientSession session) {
        return byId.get(session.id()) == session;
    }

    ClientSession get(String connectionId) {
        return byId.get(connectionId);
    }

    public Collection<ClientSession> of(UUID userId) {
        var sessions = byUser.get(userId);
        return sessions == null ? List.of() : sessions;
    }

    public boolean isConnected(UUID userId) {
        return byUser.containsKey(userId);
    }

    public Collection<ClientSession> all() {
        return byId.values();
    }

    public int count() {
        return byId.size();
    }
}
