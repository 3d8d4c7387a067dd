package io.switchboard.notification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import io.switchboard.contracts.Scopes;


/**
 * Stands in for chat-service's {@code GET /api/memberships/{chatId}?before_seq=}: the members of a
 * chat after every event before that seq, replayed from the log its {@link Kafka.Chat} wrote (as
 * chat-service answers from its own log), to a service token with scope memberships only. A chat no test made, or one a
 * test deleted, is unknown (404).
 */
@Path("/test-chat/api/memberships")
public class StubChats {

    /** The before_seq of every request, per chat, answered or not. */
    private static final Map<UUID, List<Long>> ASKED = new ConcurrentHashMap<>();
    /** While set, every request is answered 503, as a chat-service that is down. */
    static volatile boolean unavailable;
    /** Chats deleted since: chat-service no longer knows them. */
    static final Set<UUID> DELETED = ConcurrentHashMap.newKeySet();

    public record ChatMembers(UUID id, List<UUID> memberIds) {
    }

    /** The before_seq of each time this chat's members were asked for, in order. */
    static List<Long> asked(UUID chatId) {
        return List.copyOf(ASKED.getOrDefault(chatId, List.of()));
    }

    @GET
    @Path("/{chatId}")
    @RolesAllowed(Scopes.MEMBERSHIPS)
    public Response membersBefore(@PathParam("chatId") UUID chatId, @QueryParam("before_seq") Long beforeSeq) {
        if (beforeSeq == null) {
            return Response.status(400).build();
        }
        ASKED.computeIfAbsent(chatId, chat -> new CopyOnWriteArrayList<>()).add(beforeSeq);
        if (unavailable) {
            return Response.status(503).build();
        }
        return Kafka.Chat.find(chatId).filter(chat -> !DELETED.contains(chatId))
                .map(chat -> Response.ok(new ChatMembers(chatId, List.copyOf(chat.membersBefore(beforeSeq)))).build())
                .orElseGet(() -> Response.status(404).type("application/problem+json")
                        .entity("{\"status\":404,\"code\":\"chat_not_found\"}").build());
    }
}
