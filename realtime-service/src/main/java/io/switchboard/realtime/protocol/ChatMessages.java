package io.switchboard.realtime.protocol;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.socket.ClientSession;

/**
 * {@code send_message} and {@code read_messages}: carried out by chat-service with the user's
 * token; the chat's members learn of them from the chat events that follow.
 */
@ApplicationScoped
class ChatMessages {

    private final ChatServiceCalls chats;

    ChatMessages(ChatServiceCalls chats) {
        this.chats = chats;
    }

    ServerEvent.MessageSent send(ClientSession session, ClientMessage.SendMessage send) {
        var sent = chats.send(session.token(), send);
        return new ServerEvent.MessageSent(send.chatId(), send.clientMessageId(), sent, Instant.now());
    }

    void read(ClientSession session, ClientMessage.ReadMessages read) {
        chats.read(session.token(), read.chatId(), read.seq());
    }
}
