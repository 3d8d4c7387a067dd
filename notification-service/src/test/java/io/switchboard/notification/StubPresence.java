package io.switchboard.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import io.switchboard.contracts.Scopes;
import io.switchboard.devstack.TestTokens;

/**
 * Stands in for realtime-service's cluster presence: the users tests mark online are online (at
 * any time); a user whose comings and goings a test records ({@link #cameOnline}, {@link
 * #wentOffline}) is online between them, and asked {@code at} a moment it answers for that moment.
 */
@Path("/test-realtime/api/presence")
public class StubPresence {

    static final Set<UUID> ONLINE = ConcurrentHashMap.newKeySet();
    /** While set, presence answers 503, as a realtime-service that is down. */
    static volatile boolean unavailable;

    /** Largest number of users asked in one call so far. */
    static final AtomicInteger LARGEST_ASK = new AtomicInteger();
    /** Users asked about so far, over every call. */
    static final AtomicInteger USERS_ASKED = new AtomicInteger();
    /** Calls so far. */
    static final AtomicInteger ASKS = new AtomicInteger();

    private static final Map<UUID, NavigableMap<Instant, Boolean>> CHANGES = new ConcurrentHashMap<>();

    public record Query(List<UUID> userIds, Instant at, Instant until) {
    }

    /** The user connects now. */
    static void cameOnline(UUID user) {
        CHANGES.computeIfAbsent(user, u -> new ConcurrentSkipListMap<>()).put(Instant.now(), true);
    }

    /** The user's last socket closes now. */
    static void wentOffline(UUID user) {
        CHANGES.computeIfAbsent(user, u -> new ConcurrentSkipListMap<>()).put(Instant.now(), false);
    }

    @POST
    public Response presence(Query query, @HeaderParam("Authorization") String authorization) {
        var users = query.userIds();
        ASKS.incrementAndGet();
        LARGEST_ASK.accumulateAndGet(users.size(), Math::max);
        USERS_ASKED.addAndGet(users.size());
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Response.status(401).build();
        }
        if (!TestTokens.grants(authorization, Scopes.PRESENCE)) {
            return Response.status(403).build();
        }
        if (unavailable) {
            return Response.status(503).build();
        }
        var answer = users.stream().map(user -> {
            var presence = new HashMap<String, Object>();
            presence.put("user_id", user);
            presence.put("status", status(onlineAt(user, query.at() == null ? Instant.now() : query.at())));
            if (query.at() != null && query.until() != null) {
                var changes = new ArrayList<Map<String, Object>>();
                var logged = CHANGES.getOrDefault(user, new ConcurrentSkipListMap<>());
                logged.subMap(query.at(), false, query.until(), true).forEach((at, online) ->
                        changes.add(Map.of("at", at.toString(), "status", status(online))));
                presence.put("changes", changes);
            }
            return presence;
        }).toList();
        return Response.ok(Map.of("users", answer)).build();
    }

    private static boolean onlineAt(UUID user, Instant at) {
        var logged = CHANGES.get(user);
        if (logged == null) {
            return ONLINE.contains(user);
        }
        var last = logged.floorEntry(at);
        return last != null && last.getValue();
    }

    private static String status(boolean online) {
        return online ? "online" : "offline";
    }
}
