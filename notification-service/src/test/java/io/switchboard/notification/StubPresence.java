package io.switchboard.notification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Stands in for realtime-service's cluster presence: the users tests mark online are online. */
@Path("/test-realtime/api/presence")
public class StubPresence {

    static final Set<UUID> ONLINE = ConcurrentHashMap.newKeySet();
    /** While set, presence answers 503, as a realtime-service that is down. */
    static volatile boolean unavailable;

    /** Largest number of users asked in one call so far. */
    static final java.util.concurrent.atomic.AtomicInteger LARGEST_ASK = new java.util.concurrent.atomic.AtomicInteger();

    public record Query(List<UUID> userIds) {
    }

    @POST
    public Response presence(Query query, @HeaderParam("Authorization") String authorization) {
        var users = query.userIds();
        LARGEST_ASK.accumulateAndGet(users.size(), Math::max);
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Response.status(401).build();
        }
        if (unavailable) {
            return Response.status(503).build();
        }
        var answer = users.stream()
                .map(user -> Map.of("user_id", user, "status", ONLINE.contains(user) ? "online" : "offline"))
                .toList();
        return Response.ok(Map.of("users", answer)).build();
    }
}
