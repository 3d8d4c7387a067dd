package io.switchboard.realtime.chats;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatRosters;
import io.switchboard.platform.security.ServiceToken;
import io.switchboard.realtime.config.RealtimeConfig;

/**
 * Whom each chat event is for, for the router: kept from the membership events of the stream it
 * routes ({@link ChatRosters}), and read from chat-service with this instance's service token only
 * for a chat whose earlier events it did not see. A read that fails throws, and the router routes
 * the batch again.
 */
@ApplicationScoped
public class ChatRecipients {

    private final MembershipsClient client;
    private final ServiceToken serviceToken;
    private final ChatRosters rosters;

    public ChatRecipients(@RestClient MembershipsClient client, ServiceToken serviceToken, RealtimeConfig config) {
        this.client = client;
        this.serviceToken = serviceToken;
        this.rosters = new ChatRosters(this::membersBefore, config.events().membersMaxIds());
    }

    /** Whom the event is for; call it for each of a chat's events in their order. */
    public Set<UUID> of(ChatEvent event) {
        return rosters.recipients(event);
    }

    /** How many times a chat's members were read from chat-service. */
    public long loads() {
        return rosters.loads();
    }

    private Set<UUID> membersBefore(UUID chatId, long seq) {
        try {
            return Set.copyOf(ask(chatId, seq));
        } catch (WebApplicationException e) {
            if (ChatRosters.chatIsGone(e.getResponse().getStatus(), body(e))) {
                return Set.of(); // the chat is gone: nobody to route its event to
            }
            throw e;
        }
    }

    private static String body(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(String.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private List<UUID> ask(UUID chatId, long seq) {
        return serviceToken.call(bearer -> client.membersBefore(bearer, chatId, seq)).memberIds();
    }
}
