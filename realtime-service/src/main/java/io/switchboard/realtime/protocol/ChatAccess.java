package io.switchboard.realtime.protocol;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.socket.ClientSession;

/**
 * Whether a socket's user is in a chat: known here, or else asked of chat-service, whose
 * {@code chat_not_found} refuses the request; a membership it confirms is kept.
 */
@ApplicationScoped
class ChatAccess {

    private final ChatServiceCalls chats;
    private final ChatMembers members;

    ChatAccess(ChatServiceCalls chats, ChatMembers members) {
        this.chats = chats;
        this.members = members;
    }

    void requireMember(ClientSession session, UUID chatId) {
        if (!members.isMember(session.userId(), chatId)) {
            members.learn(session.userId(), chats.membership(session.token(), chatId));
        }
    }
}
