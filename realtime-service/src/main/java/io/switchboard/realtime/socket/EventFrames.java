package io.switchboard.realtime.socket;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ServerEvent;

/** chat-service's events as the WebSocket events clients know; each carries its chat and sequence. */
@ApplicationScoped
public class EventFrames {

    private final ProtocolCodec codec = new ProtocolCodec();

    public ServerEvent toServerEvent(ChatEvent event) {
        var chat = event.chatId();
        var seq = event.seq();
        var time = event.time();
        return switch (event.data()) {
            case ChatEventData.MessageCreated created -> new ServerEvent.NewMessage(chat, seq, created.message(), time);
            case ChatEventData.MessageUpdated updated -> new ServerEvent.MessageUpdated(chat, seq, updated.messageId(),
                    updated.content(), updated.editedAt(), time);
            case ChatEventData.MessageDeleted deleted -> new ServerEvent.MessageDeleted(chat, seq, deleted.messageId(),
                    deleted.deletedBy(), time);
            case ChatEventData.MessagesRead read -> new ServerEvent.MessagesRead(chat, seq, read.userId(), read.seq(), time);
            case ChatEventData.MemberAdded added -> new ServerEvent.UserJoined(chat, seq, added.userId(), added.addedBy(), time);
            case ChatEventData.MemberRemoved removed -> new ServerEvent.UserLeft(chat, seq, removed.userId(),
                    removed.removedBy(), time);
            case ChatEventData.ChatCreated created -> new ServerEvent.ChatCreated(chat, seq, created.chatType(),
                    created.title(), created.ownerId(), created.memberIds(), time);
            case ChatEventData.ChatUpdated updated -> new ServerEvent.ChatUpdated(chat, seq, updated.title(),
                    updated.ownerId(), time);
            case ChatEventData.ReactionAdded added -> new ServerEvent.ReactionAdded(chat, seq, added.messageId(),
                    added.messageSeq(), added.emoji(), added.userId(), added.count(), time);
            case ChatEventData.ReactionRemoved removed -> new ServerEvent.ReactionRemoved(chat, seq,
                    removed.messageId(), removed.messageSeq(), removed.emoji(), removed.userId(), removed.count(), time);
            case ChatEventData.MessagePinned pinned -> new ServerEvent.MessagePinned(chat, seq, pinned.messageId(),
                    pinned.messageSeq(), pinned.userId(), time);
            case ChatEventData.MessageUnpinned unpinned -> new ServerEvent.MessageUnpinned(chat, seq,
                    unpinned.messageId(), unpinned.messageSeq(), unpinned.userId(), time);
        };
    }

    /** The event encoded once, for all its recipients. */
    public Frame frame(ChatEvent event) {
        return frame(toServerEvent(event), false, event.time());
    }

    public Frame frame(ServerEvent event, boolean droppable, Instant eventTime) {
        return Frame.of(Frame.typeOf(event), codec.encode(event), droppable, eventTime);
    }
}
