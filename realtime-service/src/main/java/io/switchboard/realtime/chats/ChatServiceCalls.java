package io.switchboard.realtime.chats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;

/**
 * What the gateway asks chat-service, on the user's behalf. chat-service's refusals come back as
 * {@link ProtocolException}s with chat-service's own code (a chat the user is not in is
 * {@code chat_not_found}); an unreachable chat-service is {@code upstream_unavailable}.
 */
@ApplicationScoped
public class ChatServiceCalls {

    private static final Logger LOG = Logger.getLogger(ChatServiceCalls.class);

    /** A chat the user is in, and who else is. */
    public record Membership(UUID chatId, Set<UUID> members) {
    }

    /** One page of a chat's event log after a sequence; {@code lastSeq} is the chat's newest. */
    public record EventPage(long lastSeq, List<ChatEvent> events) {
    }

    /** The events after a sequence are no longer kept: the client must reload the chat. */
    public static final class ResyncRequired extends RuntimeException {
        ResyncRequired() {
            super(null, null, false, false);
        }
    }

    private final ChatServiceClient client;
    private final ChatEventCodec codec = new ChatEventCodec();

    public ChatServiceCalls(@RestClient ChatServiceClient client) {
        this.client = client;
    }

    /** The user's chats as chat-service lists them (with unread counts and last messages). */
    public JsonNode myChatsRaw(String token) {
        return myChatsRaw(token, null, null);
    }

    /** A page of them: {@code limit} (default 100) after chat {@code after} (from the start when null). */
    public JsonNode myChatsRaw(String token, Integer limit, UUID after) {
        return call(() -> client.myChats(bearer(token), limit, after));
    }

    public List<Membership> memberships(JsonNode chats) {
        var result = new ArrayList<Membership>(chats.size());
        for (JsonNode chat : chats) {
            result.add(new Membership(UUID.fromString(chat.path("id").asText()), memberIds(chat)));
        }
        return result;
    }

    /** The chat's members; {@code chat_not_found} when the user is not one of them. */
    public Membership membership(String token, UUID chatId) {
        var chat = call(() -> client.chat(bearer(token), chatId));
        return new Membership(chatId, memberIds(chat));
    }

    public MessageView send(String token, ClientMessage.SendMessage send) {
        return call(() -> client.send(bearer(token), send.chatId(), new ChatServiceClient.SendBody(send.content(),
                send.messageType(), send.clientMessageId(), send.replyTo(), send.mentions(), send.attachmentIds())));
    }

    public void read(String token, UUID chatId, Long seq) {
        call(() -> client.read(bearer(token), chatId, new ChatServiceClient.ReadBody(seq)));
    }

    /** Events of a chat after {@code afterSeq}; throws {@link ResyncRequired} when they are gone. */
    public EventPage eventsAfter(String token, UUID chatId, long afterSeq, int limit) {
        JsonNode page;
        try {
            page = client.events(bearer(token), chatId, afterSeq, limit);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 410) {
                throw new ResyncRequired();
            }
            throw refusal(e);
        } catch (ProcessingException e) {
            throw unavailable(e);
        }
        var events = new ArrayList<ChatEvent>(page.path("events").size());
        for (JsonNode event : page.path("events")) {
            try {
                events.add(codec.decode(event.toString()));
            } catch (ChatEventCodec.UnknownEventTypeException e) {
                // A newer chat-service's event type: this gateway cannot render it; skip it.
            }
        }
        return new EventPage(page.path("last_seq").asLong(), events);
    }

    private static Set<UUID> memberIds(JsonNode chat) {
        var members = new HashSet<UUID>();
        for (JsonNode member : chat.path("members")) {
            members.add(UUID.fromString(member.path("user_id").asText()));
        }
        return members;
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            throw refusal(e);
        } catch (ProcessingException e) {
            throw unavailable(e);
        }
    }

    private static ProtocolException refusal(WebApplicationException e) {
        var response = e.getResponse();
        int status = response.getStatus();
        if (status >= 500) {
            return unavailable(e);
        }
        String code = null;
        String detail = null;
        try {
            var problem = response.readEntity(JsonNode.class);
            code = problem.path("code").asText(null);
            detail = problem.path("detail").asText(null);
            var fields = new ArrayList<String>();
            problem.path("errors").forEach(error ->
                    fields.add(error.path("field").asText("?") + " " + error.path("message").asText("is invalid")));
            if (!fields.isEmpty()) { // which field and why: the part a client can act on
                detail = String.join("; ", fields) + ".";
            }
        } catch (RuntimeException unreadable) {
            // No problem+json body: fall back to the status alone.
        }
        if (status == 401) {
            return new ProtocolException(ProtocolErrors.TOKEN_INVALID, "The access token was refused.", null);
        }
        if (status == 404 && (code == null || code.equals("chat_not_found") || code.equals("not_found"))) {
            return new ProtocolException(ProtocolErrors.CHAT_NOT_FOUND, "No such chat among yours.", null);
        }
        return new ProtocolException(code != null ? code : ProtocolErrors.INVALID_FIELD,
                detail != null ? detail : "chat-service refused the request (" + status + ").", null);
    }

    private static ProtocolException unavailable(RuntimeException e) {
        LOG.warnf("chat-service did not answer: %s", e.toString());
        return new ProtocolException(ProtocolErrors.UPSTREAM_UNAVAILABLE,
                "Chats cannot be reached right now; try again shortly.", null);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
