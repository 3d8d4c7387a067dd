package io.switchboard.realtime.delivery;

import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.realtime.gateway.ClientSession;
import io.switchboard.realtime.gateway.Outbound;
import io.switchboard.realtime.gateway.Sessions;

/** Writes a frame to the sockets of a set of users on this instance. */
@ApplicationScoped
public class LocalDelivery {

    private final Sessions sessions;
    private final DeliveryMetrics metrics;

    public LocalDelivery(Sessions sessions, DeliveryMetrics metrics) {
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /** A frame to every socket of these users here; with a chat, only where it is not muted. */
    public void deliver(Collection<UUID> users, Frame frame, UUID chatId, long seq) {
        for (UUID user : users) {
            for (ClientSession session : sessions.of(user)) {
                count(chatId == null ? session.send(frame) : session.deliver(frame, chatId, seq), frame);
            }
        }
    }

    /** A frame to every socket on this instance. */
    public void deliverToAll(Frame frame) {
        for (ClientSession session : sessions.all()) {
            count(session.send(frame), frame);
        }
    }

    private void count(Outbound.Result result, Frame frame) {
        if (result == Outbound.Result.DROPPED && frame.droppable()) {
            metrics.dropped(frame);
        }
    }
}
