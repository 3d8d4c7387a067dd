package io.switchboard.realtime.presence;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.delivery.EventFrames;
import io.switchboard.realtime.delivery.Fanout;
import io.switchboard.realtime.gateway.ClientSession;
import io.switchboard.realtime.gateway.Sessions;

/**
 * Who is online, over all of a user's sockets: online while any socket is online, away while
 * every open socket is away, offline when the last one closes. Each change goes as
 * {@code user_status} to the people who share a chat with the user.
 */
@ApplicationScoped
public class Presence {

    public static final String OFFLINE = "offline";

    /** A user's presence as others see it. */
    public record State(String status, Instant lastSeen) {
    }

    private final Sessions sessions;
    private final ChatMembers members;
    private final EventFrames frames;
    private final Fanout fanout;
    private final Map<UUID, Instant> lastSeen = new ConcurrentHashMap<>();

    public Presence(Sessions sessions, ChatMembers members, EventFrames frames, Fanout fanout) {
        this.sessions = sessions;
        this.members = members;
        this.frames = frames;
        this.fanout = fanout;
    }

    public State of(UUID userId) {
        var status = statusOf(userId);
        return new State(status, status.equals(OFFLINE) ? lastSeen.get(userId) : Instant.now());
    }

    /** Call around any change to a user's sockets: announces the new status if it differs. */
    public String statusOf(UUID userId) {
        String status = OFFLINE;
        for (ClientSession session : sessions.of(userId)) {
            if (session.status().equals(ClientSession.ONLINE)) {
                return ClientSession.ONLINE;
            }
            status = ClientSession.AWAY;
        }
        return status;
    }

    /** Announces the user's status to their contacts if it is not {@code before} any more. */
    public void announceIfChanged(UUID userId, String before) {
        var after = statusOf(userId);
        var now = Instant.now();
        lastSeen.put(userId, now);
        if (after.equals(before)) {
            return;
        }
        var event = new ServerEvent.UserStatus(userId, after, now, now);
        fanout.toUsers(members.contactsOf(userId), frames.frame(event, true, now));
    }
}
