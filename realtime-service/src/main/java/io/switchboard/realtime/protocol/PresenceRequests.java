package io.switchboard.realtime.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.PresenceStatus;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.presence.Presence;
import io.switchboard.realtime.presence.PresenceSubscriptions;
import io.switchboard.realtime.socket.ClientSession;

/**
 * {@code status}, {@code get_chat_status} and {@code subscribe_presence}: the socket's own
 * status, and the presence of the people in the user's chats, asked for once or subscribed to.
 */
@ApplicationScoped
class PresenceRequests {

    private final ChatAccess access;
    private final ChatMembers members;
    private final Presence presence;
    private final PresenceSubscriptions subscriptions;

    PresenceRequests(ChatAccess access, ChatMembers members, Presence presence, PresenceSubscriptions subscriptions) {
        this.access = access;
        this.members = members;
        this.presence = presence;
        this.subscriptions = subscriptions;
    }

    /** This socket's status, {@code online} or {@code away}; the user's status over all sockets follows. */
    void setStatus(ClientSession session, ClientMessage.SetStatus set) {
        var status = set.status();
        if (!status.equals(PresenceStatus.ONLINE) && !status.equals(PresenceStatus.AWAY)) {
            throw new ProtocolException(ProtocolErrors.INVALID_FIELD, "'status' is online or away.", "status");
        }
        session.status(status);
        presence.changed(session.userId());
    }

    /** One chat's members and their presence, or every known chat's without a chat; members sorted. */
    ServerEvent.ChatStatus chatStatus(ClientSession session, ClientMessage.GetChatStatus asked) {
        List<UUID> chatIds;
        if (asked.chatId() != null) {
            access.requireMember(session, asked.chatId());
            chatIds = List.of(asked.chatId());
        } else {
            chatIds = List.copyOf(members.chatsOf(session.userId()));
        }
        var membersOf = new LinkedHashMap<UUID, Set<UUID>>();
        var everyone = new HashSet<UUID>();
        for (UUID chat : chatIds) {
            var theirs = members.members(chat);
            membersOf.put(chat, theirs);
            everyone.addAll(theirs);
        }
        return statusOf(membersOf, presence.seenBy(session.userId(), everyone));
    }

    ServerEvent.PresenceBatch subscribe(ClientSession session, ClientMessage.SubscribePresence subscribe) {
        return subscriptions.subscribe(session, subscribe.userIds());
    }

    private static ServerEvent.ChatStatus statusOf(Map<UUID, Set<UUID>> membersOf, Map<UUID, Directory.State> states) {
        var result = new ArrayList<ServerEvent.ChatPresence>(membersOf.size());
        membersOf.forEach((chat, theirs) -> result.add(new ServerEvent.ChatPresence(chat, theirs.stream()
                .sorted()
                .map(member -> {
                    var state = states.get(member);
                    return new ServerEvent.MemberPresence(member, state.status(), state.lastSeen());
                })
                .toList())));
        return new ServerEvent.ChatStatus(result, Instant.now());
    }
}
