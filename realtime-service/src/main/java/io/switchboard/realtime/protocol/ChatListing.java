package io.switchboard.realtime.protocol;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.Sessions;

/**
 * {@code get_my_chats}: a page of the user's chats as chat-service lists them, most recent
 * activity first, with the cursor of the next page when this one is full. The chats listed
 * become known here (presence and {@code chat_status} go by them).
 */
@ApplicationScoped
class ChatListing {

    /** chat-service's page of chats: its default and its most. */
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 500;

    private final ChatServiceCalls chats;
    private final ChatMembers members;
    private final Sessions sessions;

    ChatListing(ChatServiceCalls chats, ChatMembers members, Sessions sessions) {
        this.chats = chats;
        this.members = members;
        this.sessions = sessions;
    }

    ServerEvent.MyChats list(ClientSession session, ClientMessage.GetMyChats page) {
        int limit = limit(page.limit());
        var mine = chats.myChatsRaw(session.token(), limit, page.after());
        members.listed(session.userId(), chats.memberships(mine)); // a page of them: it drops nothing
        if (sessions.of(session.userId()).isEmpty()) {
            members.userLeft(session.userId()); // the socket closed meanwhile
        }
        return new ServerEvent.MyChats(mine, nextAfter(mine, limit), Instant.now());
    }

    /** The page size asked for, or the default; {@code invalid_field} outside 1 to {@value #MAX_PAGE}. */
    static int limit(Integer asked) {
        int limit = asked == null ? DEFAULT_PAGE : asked;
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ProtocolException(ProtocolErrors.INVALID_FIELD, "limit must be 1 to " + MAX_PAGE + ".",
                    "get_my_chats");
        }
        return limit;
    }

    /** Where the next page starts: the last chat of a full page; null when this page is the last. */
    static UUID nextAfter(JsonNode page, int limit) {
        return page.size() == limit ? UUID.fromString(page.get(page.size() - 1).path("id").asText()) : null;
    }
}
