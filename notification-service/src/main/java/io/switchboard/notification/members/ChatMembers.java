package io.switchboard.notification.members;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatRosters;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.platform.security.ServiceToken;

/**
 * Whom each chat event is for: the chat's members as this service follows them in the event
 * stream ({@link ChatRosters}), read from chat-service only for a chat it has no exact copy of.
 * A read that fails (chat-service down or slow, auth-service down, no client secret) throws
 * {@link MembersUnavailable}, so the event waits and is tried again; only a chat that chat-service
 * no longer knows (404 {@code chat_not_found}) counts as having no members. Each chat's events must come in order, from
 * one thread at a time.
 */
@ApplicationScoped
public class ChatMembers {

    private final ChatClient chat;
    private final ServiceToken token;
    private final ChatRosters rosters;

    public ChatMembers(@RestClient ChatClient chat, ServiceToken token, NotificationConfig config,
                       MeterRegistry registry) {
        this.chat = chat;
        this.token = token;
        this.rosters = new ChatRosters(this::membersBefore, config.members().maxIds());
        FunctionCounter.builder("switchboard.notifications.members.loads", rosters, ChatRosters::loads)
                .description("Chat members read from chat-service (a chat first seen, or seen again after a gap)")
                .register(registry);
    }

    /** The event's recipients: the members when it happened, and a member it removes. */
    public Set<UUID> recipients(ChatEvent event) {
        return rosters.recipients(event);
    }

    private Set<UUID> membersBefore(UUID chatId, long seq) {
        try {
            return Set.copyOf(ask(chatId, seq).memberIds());
        } catch (WebApplicationException e) {
            if (ChatRosters.chatIsGone(e.getResponse().getStatus(), body(e))) {
                return Set.of(); // the chat is gone: nobody to notify
            }
            throw new MembersUnavailable(chatId, seq, e);
        } catch (RuntimeException e) {
            throw new MembersUnavailable(chatId, seq, e); // not reached or too slow, or no token to ask with
        }
    }

    private ChatClient.ChatMembers ask(UUID chatId, long seq) {
        return token.call(bearer -> chat.membersBefore(bearer, chatId, seq));
    }

    private static String body(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(String.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
