package io.switchboard.realtime.delivery;

import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.realtime.gateway.ClientSession;
import io.switchboard.realtime.gateway.Outbound;
import io.switchboard.realtime.gateway.Sessions;

/** Writes a frame to the sockets of a set of users on this instance. */
@ApplicationScoped
public class Fanout {

    private final Sessions sessions;
    private final DeliveryMetrics metrics;

    public Fanout(Sessions sessions, DeliveryMetrics metrics) {
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /** A chat's frame (a persisted event, or typing) to every socket of these users where the chat is not muted. */
    public void toMembers(Collection<UUID> users, Frame frame, UUID chatId, long seq) {
        for (UUID user : users) {
            for (ClientSession session : sessions.of(user)) {
                count(session.deliver(frame, chatId, seq), frame);
            }
        }
    }

    /** A frame not tied to one chat (presence) to every socket of these users. */
    public void toUsers(Collection<UUID> users, Frame frame) {
        for (UUID user : users) {
            for (ClientSession session : sessions.of(user)) {
                count(session.send(frame), frame);
            }
        }
    }

    private void count(Outbound.Result result, Frame frame) {
        if (result == Outbound.Result.DROPPED && frame.droppable()) {
            metrics.dropped(frame);
        }
    }
}
