package io.switchboard.realtime.protocol;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.socket.ClientSession;

/**
 * Hands each client message to the handler of its family and returns the answer to send back,
 * or null when the message has none (or its handler wrote its own, as a replay does).
 */
@ApplicationScoped
class Dispatcher {

    private final SocketUpkeep upkeep;
    private final ChatMessages messages;
    private final ChatMutes mutes;
    private final ChatListing listing;
    private final PresenceRequests presence;
    private final TypingRequests typing;
    private final Resumption resumption;

    Dispatcher(SocketUpkeep upkeep, ChatMessages messages, ChatMutes mutes, ChatListing listing,
               PresenceRequests presence, TypingRequests typing, Resumption resumption) {
        this.upkeep = upkeep;
        this.messages = messages;
        this.mutes = mutes;
        this.listing = listing;
        this.presence = presence;
        this.typing = typing;
        this.resumption = resumption;
    }

    ServerEvent dispatch(ClientSession session, ClientMessage message) {
        return switch (message) {
            case ClientMessage.Ping ping -> upkeep.pong();
            case ClientMessage.Auth auth -> upkeep.renew(session, auth.token());
            case ClientMessage.SendMessage send -> messages.send(session, send);
            case ClientMessage.ReadMessages read -> {
                messages.read(session, read);
                yield null;
            }
            case ClientMessage.JoinChat join -> {
                mutes.join(session, join);
                yield null;
            }
            case ClientMessage.LeaveChat leave -> {
                mutes.leave(session, leave);
                yield null;
            }
            case ClientMessage.GetMyChats page -> listing.list(session, page);
            case ClientMessage.Typing typed -> {
                typing.update(session, typed);
                yield null;
            }
            case ClientMessage.SetStatus status -> {
                presence.setStatus(session, status);
                yield null;
            }
            case ClientMessage.GetChatStatus status -> presence.chatStatus(session, status);
            case ClientMessage.SubscribePresence subscribe -> presence.subscribe(session, subscribe);
            case ClientMessage.Resume resume -> {
                resumption.resume(session, resume.chats());
                yield null;
            }
        };
    }
}
