package io.switchboard.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

import jakarta.inject.Singleton;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.contracts.Scopes;
import io.switchboard.devstack.TestTokens;

/**
 * What realtime-service asks on its own authority, as auth-service and chat-service answer it:
 * its service token by client credentials, and {@code POST /api/memberships} and
 * {@code GET /api/memberships/{chat}?before_seq=} with that token.
 * Records each memberships request's users, and can hold requests back to let arrivals pile up.
 */
@Path("/")
@Singleton
@Produces(MediaType.APPLICATION_JSON)
public class StubServiceCallsResource {

    static final String CLIENT_SECRET = "test-realtime-secret";

    private final StubChats world;
    /** The users of each memberships request, in arrival order. */
    final List<List<UUID>> membershipRequests = new CopyOnWriteArrayList<>();
    /** When set, each memberships request waits for a permit. */
    volatile Semaphore gate;

    public StubServiceCallsResource(StubChats world) {
        this.world = world;
    }

    @POST
    @Path("/test-auth/api/auth/token")
    public Response token(JsonNode credentials) {
        if (!credentials.path("client_id").asText().equals("realtime-service")
                || !credentials.path("client_secret").asText().equals(CLIENT_SECRET)) {
            return Response.status(401).build();
        }
        // what auth-service grants realtime-service in every configuration: memberships, nothing else
        var token = TestTokens.get().serviceToken("realtime-service", Scopes.MEMBERSHIPS);
        return Response.ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in", 900)).build();
    }

    @POST
    @Path("/test-chat/api/memberships")
    public Response memberships(@HeaderParam("Authorization") String bearer, JsonNode query) throws InterruptedException {
        if (!TestTokens.grants(bearer, Scopes.MEMBERSHIPS)) {
            return Response.status(403).build();
        }
        var users = new ArrayList<UUID>();
        query.path("user_ids").forEach(id -> users.add(UUID.fromString(id.asText())));
        membershipRequests.add(List.copyOf(users));
        var held = gate;
        if (held != null) {
            held.acquire();
        }
        if (world.isUnavailable()) {
            return Response.status(503).build();
        }
        var chats = new ArrayList<Map<String, Object>>();
        for (var chat : world.chatsOfAny(users)) {
            chats.add(Map.of("id", chat.id.toString(), "member_ids", chat.members.stream().map(UUID::toString).toList()));
        }
        if (!query.path("include_blocks").asBoolean(false)) {
            return Response.ok(Map.of("chats", chats)).build();
        }
        var blocks = world.blocksOfAny(users).stream()
                .map(pair -> Map.of("blocker_id", pair.get(0).toString(), "blocked_id", pair.get(1).toString())).toList();
        return Response.ok(Map.of("chats", chats, "blocks", blocks)).build();
    }

    /** While set, the members read answers as a chat-service that does not serve it yet (404 not_found). */
    volatile boolean olderChatService;

    /** The chats whose members before some event were asked for, in order. */
    final List<UUID> membersBeforeRequests = new CopyOnWriteArrayList<>();

    @GET
    @Path("/test-chat/api/memberships/{chatId}")
    public Response membersBefore(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId,
                                  @QueryParam("before_seq") long beforeSeq) {
        if (!TestTokens.grants(bearer, Scopes.MEMBERSHIPS)) {
            return Response.status(403).build();
        }
        membersBeforeRequests.add(chatId);
        if (world.isUnavailable()) {
            return Response.status(503).build();
        }
        if (olderChatService) {
            return Response.status(404).type("application/problem+json")
                    .entity("{\"status\":404,\"code\":\"not_found\"}").build();
        }
        var members = world.membersBefore(chatId, beforeSeq);
        if (members == null) {
            return Response.status(404).type("application/problem+json")
                    .entity("{\"status\":404,\"code\":\"chat_not_found\"}").build();
        }
        return Response.ok(Map.of("id", chatId.toString(), "member_ids", members.stream().map(UUID::toString).toList()))
                .build();
    }
}
