package io.switchboard.realtime.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.RecordMetadata;

import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.cluster.Inbox;
import io.switchboard.realtime.cluster.InboxRecord;
import io.switchboard.realtime.cluster.InstanceSlot;
import io.switchboard.realtime.socket.Frame;
import io.switchboard.realtime.socket.LocalDelivery;

/**
 * Sends a frame to users wherever they are connected: written here to this instance's sockets,
 * and handed through the inbox to each other instance that holds some of them, and to no other.
 * The router writes this instance's sockets itself, before it looks the others up, and uses the
 * {@code toOther...} methods.
 */
@ApplicationScoped
public class Fanout {

    /**
     * A chat event that changes who is in the chat, for the receiving instances' member lists:
     * the event in chat-service's format and whom it was for (the members when it happened, and
     * a member it removes).
     */
    public record Membership(String event, List<UUID> recipients) {
    }

    private final Directory directory;
    private final InstanceSlot instance;
    private final Inbox inbox;
    private final LocalDelivery local;

    public Fanout(Directory directory, InstanceSlot instance, Inbox inbox, LocalDelivery local) {
        this.directory = directory;
        this.instance = instance;
        this.inbox = inbox;
        this.local = local;
    }

    /** A chat's frame (typing) to these users' sockets where the chat is not muted. */
    public void toMembers(Collection<UUID> users, Frame frame, UUID chatId, long seq) {
        route(directory.locate(users), frame, chatId, seq, null);
    }

    /** A frame not tied to a chat (presence) to every socket of these users. */
    public void toUsers(Collection<UUID> users, Frame frame) {
        route(directory.locate(users), frame, null, -1, null);
    }

    /**
     * A frame to every socket on every other instance (this one's are written by the caller); the
     * inbox writes, to check once flushed.
     */
    public List<Future<RecordMetadata>> toEveryOtherInstance(Frame frame) {
        var writes = new ArrayList<Future<RecordMetadata>>();
        for (int slot : directory.liveSlots()) {
            if (slot != instance.slot()) {
                writes.add(inbox.send(slot, new InboxRecord(frame.type(), frame.text(), frame.droppable(),
                        frame.eventTime(), null, -1, List.of(), null, null, true)));
            }
        }
        return writes;
    }

    /**
     * A frame to users already located, on the other instances only (this one's sockets are
     * written by the caller); {@code membership} travels with chat events that change members.
     * The inbox writes, to check once flushed.
     */
    public List<Future<RecordMetadata>> toOtherInstances(Map<Integer, List<UUID>> bySlot, Frame frame, UUID chatId,
                                                         long seq, Membership membership) {
        var writes = new ArrayList<Future<RecordMetadata>>();
        bySlot.forEach((slot, users) -> {
            if (slot != instance.slot()) {
                writes.add(inbox.send(slot, new InboxRecord(frame.type(), frame.text(), frame.droppable(),
                        frame.eventTime(), chatId, seq, users, membership == null ? null : membership.event(),
                        membership == null ? null : membership.recipients(), false)));
            }
        });
        return writes;
    }

    /** A frame to users already located, here and elsewhere. */
    private void route(Map<Integer, List<UUID>> bySlot, Frame frame, UUID chatId, long seq, Membership membership) {
        var here = bySlot.get(instance.slot());
        if (here != null) {
            local.deliver(here, frame, chatId, seq);
        }
        toOtherInstances(bySlot, frame, chatId, seq, membership);
    }
}
