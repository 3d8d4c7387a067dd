package io.switchboard.realtime.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.presence.Presence;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.Sessions;
import io.switchboard.realtime.typing.TypingIndicators;

/**
 * A socket leaves: its typing stops, its user's presence is recomputed and announced, and the
 * user's chats and blocks are forgotten here once their last socket is gone. Runs once per socket, when it
 * closes or as soon as the server gives up on it (a dead peer may take a while to close).
 */
@ApplicationScoped
class Departures {

    private final Sessions sessions;
    private final TypingIndicators typing;
    private final Presence presence;
    private final ChatMembers members;
    private final BlockLists blocks;

    Departures(Sessions sessions, TypingIndicators typing, Presence presence, ChatMembers members, BlockLists blocks) {
        this.sessions = sessions;
        this.typing = typing;
        this.presence = presence;
        this.members = members;
        this.blocks = blocks;
    }

    void depart(ClientSession session) {
        var user = session.userId();
        if (!sessions.contains(session)) {
            return;
        }
        boolean last = sessions.remove(session);
        typing.socketClosed(session.id());
        presence.changed(user);
        if (last) {
            members.userLeft(user);
            blocks.userLeft(user);
        }
    }
}
