package io.switchboard.realtime.protocol;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.typing.TypingIndicators;

/** {@code typing}: the socket's user starts or stops typing in a chat they are in. */
@ApplicationScoped
class TypingRequests {

    private final ChatAccess access;
    private final TypingIndicators typing;

    TypingRequests(ChatAccess access, TypingIndicators typing) {
        this.access = access;
        this.typing = typing;
    }

    void update(ClientSession session, ClientMessage.Typing typed) {
        access.requireMember(session, typed.chatId());
        typing.update(typed.chatId(), session.userId(), session.id(), typed.isTyping());
    }
}
