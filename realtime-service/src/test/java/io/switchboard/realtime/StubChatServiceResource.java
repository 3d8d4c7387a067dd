package io.switchboard.realtime;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * chat-service's REST API as the gateway calls it, answered from {@link StubChats}: the same
 * paths, status codes and problem codes, with the caller taken from the token's subject (the
 * gateway already verified it).
 */
@Path("/test-chat/api/chats")
@Produces(MediaType.APPLICATION_JSON)
public class StubChatServiceResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StubChats world;

    public StubChatServiceResource(StubChats world) {
        this.world = world;
    }

    /** A page of chats as chat-service gives it: {@code limit} (default 100) after chat {@code after}. */
    @GET
    public Response myChats(@HeaderParam("Authorization") String bearer, @QueryParam("limit") Integer limit,
                            @QueryParam("after") UUID after) {
        var user = caller(bearer);
        world.chatListAsked();
        if (world.isUnavailable()) {
            return unavailable();
        }
        var mine = world.chatsOf(user);
        int start = 0;
        if (after != null) {
            start = mine.stream().map(chat -> chat.id).toList().indexOf(after) + 1;
            if (start == 0) {
                return notFound();
            }
        }
        return Response.ok(mine.stream().skip(start).limit(limit == null ? 100 : limit).map(this::view).toList()).build();
    }

    @GET
    @Path("/{chatId}")
    public Response chat(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId) {
        var chat = memberChat(bearer, chatId);
        return chat == null ? notFound() : world.isUnavailable() ? unavailable() : Response.ok(view(chat)).build();
    }

    /** The body of the last send, as realtime-service forwarded it. */
    static volatile JsonNode lastSend;

    @POST
    @Path("/{chatId}/messages")
    public Response send(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId, JsonNode body) {
        if (world.isUnavailable()) {
            return unavailable();
        }
        var chat = memberChat(bearer, chatId);
        if (chat == null) {
            return notFound();
        }
        lastSend = body;
        var content = body.path("content").asText("");
        if (content.isBlank()) {
            return Response.status(400).type("application/problem+json").entity(Map.of("status", 400,
                    "code", "validation_failed", "title", "Refused", "detail", "The request has invalid fields.",
                    "errors", List.of(Map.of("field", "content", "message", "must not be blank")))).build();
        }
        return Response.status(201).entity(world.send(chatId, caller(bearer), content)).build();
    }

    @POST
    @Path("/{chatId}/read")
    public Response read(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId, JsonNode body) {
        var chat = memberChat(bearer, chatId);
        if (chat == null) {
            return notFound();
        }
        var seq = body == null || body.path("seq").isMissingNode() || body.path("seq").isNull()
                ? null : body.path("seq").asLong();
        long upTo = world.read(chatId, caller(bearer), seq);
        return Response.ok(Map.of("chat_id", chatId, "last_read_seq", upTo, "unread_count", 0)).build();
    }

    @GET
    @Path("/{chatId}/events")
    public Response events(@HeaderParam("Authorization") String bearer, @PathParam("chatId") UUID chatId,
                           @QueryParam("after_seq") @DefaultValue("0") long afterSeq,
                           @QueryParam("limit") @DefaultValue("100") int limit) {
        if (world.refuseEvents()) {
            return unavailable();
        }
        var chat = memberChat(bearer, chatId);
        if (chat == null) {
            return notFound();
        }
        if (afterSeq < chat.keptAfter) {
            return problem(410, "resync_required", "Events after " + afterSeq + " are no longer kept.");
        }
        var events = world.eventsAfter(chat, afterSeq, limit);
        var page = JSON.createObjectNode();
        page.put("chat_id", chatId.toString());
        page.put("last_seq", chat.lastSeq);
        var array = page.putArray("events");
        for (var event : events) {
            array.add(readTree(new io.switchboard.contracts.chat.ChatEventCodec().encodeToString(event)));
        }
        return Response.ok(page).build();
    }

    private StubChats.Chat memberChat(String bearer, UUID chatId) {
        var chat = world.chat(chatId);
        return chat != null && chat.members.contains(caller(bearer)) ? chat : null;
    }

    private Map<String, Object> view(StubChats.Chat chat) {
        var members = chat.members.stream().map(id -> Map.of("user_id", (Object) id.toString(), "role", "member")).toList();
        return Map.of("id", chat.id.toString(), "type", chat.type, "members", members, "unread_count", 0,
                "last_seq", chat.lastSeq);
    }

    private static UUID caller(String bearer) {
        var payload = bearer.substring("Bearer ".length()).split("\\.")[1];
        var claims = readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        return UUID.fromString(claims.path("sub").asText());
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response notFound() {
        return problem(404, "chat_not_found", "No such chat.");
    }

    private static Response unavailable() {
        return problem(503, "shutting_down", "Unavailable.");
    }

    private static Response problem(int status, String code, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("status", status, "code", code, "detail", detail, "title", "Refused"))
                .build();
    }
}
