package io.switchboard.realtime.protocol;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.realtime.socket.ClientSession;

/**
 * {@code join_chat} and {@code leave_chat}: a chat of the user unmuted or muted on this socket
 * alone (every chat is delivered from the start; the user's other sockets are not affected).
 */
@ApplicationScoped
class ChatMutes {

    private final ChatAccess access;

    ChatMutes(ChatAccess access) {
        this.access = access;
    }

    void join(ClientSession session, ClientMessage.JoinChat join) {
        access.requireMember(session, join.chatId());
        session.unmute(join.chatId());
    }

    void leave(ClientSession session, ClientMessage.LeaveChat leave) {
        access.requireMember(session, leave.chatId());
        session.mute(leave.chatId());
    }
}
