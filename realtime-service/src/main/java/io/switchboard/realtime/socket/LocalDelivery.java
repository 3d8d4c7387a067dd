package io.switchboard.realtime.socket;

import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a frame to the sockets of a set of users on this instance: each socket's share is
 * decided here, in event order, and the writes are done on the sockets' event loops, a task
 * per loop and chunk of sockets ({@link FrameWrites}).
 */
@ApplicationScoped
public class LocalDelivery {

    private final Sessions sessions;
    private final DeliveryMetrics metrics;

    public LocalDelivery(Sessions sessions, DeliveryMetrics metrics) {
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /**
     * A frame to every socket of these users here; with a chat, only where it is not muted. How
     * many sockets of theirs are open here.
     */
    public int deliver(Collection<UUID> users, Frame frame, UUID chatId, long seq) {
        var writes = new FrameWrites(frame, metrics::written);
        int sockets = 0;
        try {
            for (UUID user : users) {
                for (ClientSession session : sessions.of(user)) {
                    sockets++;
                    count(chatId == null ? session.send(frame, writes) : session.deliver(frame, chatId, seq, writes),
                            frame);
                }
            }
        } finally {
            writes.flush();
        }
        return sockets;
    }

    /** A frame to every socket on this instance. */
    public void deliverToAll(Frame frame) {
        var writes = new FrameWrites(frame, metrics::written);
        try {
            for (ClientSession session : sessions.all()) {
                count(session.send(frame, writes), frame);
            }
        } finally {
            writes.flush();
        }
    }

    private void count(Outbound.Result result, Frame frame) {
        if (result == Outbound.Result.DROPPED && frame.droppable()) {
            metrics.dropped(frame);
        } else if (result == Outbound.Result.REPEATED) {
            metrics.repeated();
        }
    }
}
