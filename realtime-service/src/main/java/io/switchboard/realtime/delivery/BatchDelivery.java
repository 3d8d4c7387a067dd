package io.switchboard.realtime.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.push.UserEventCodec;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatRecipients;
import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.Frame;
import io.switchboard.realtime.socket.LocalDelivery;

/**
 * Delivers one batch of records the router polled: decodes each, works out whom each chat event
 * is for ({@link ChatRecipients}), writes it to this instance's sockets directly, then looks up
 * (in the directory, once per batch) which other instances hold recipients and writes it to each
 * such instance's inbox, and to no other.
 */
@ApplicationScoped
class BatchDelivery {

    private static final Logger LOG = Logger.getLogger(BatchDelivery.class);

    private final ChatMembers members;
    private final ChatRecipients chatRecipients;
    private final EventFrames frames;
    private final Fanout fanout;
    private final LocalDelivery local;
    private final Directory directory;
    private final DeliveryMetrics metrics;
    private final ChatEventCodec codec = new ChatEventCodec();
    private final UserEventCodec userEvents = new UserEventCodec();

    BatchDelivery(ChatMembers members, ChatRecipients chatRecipients, EventFrames frames, Fanout fanout,
                  LocalDelivery local, Directory directory, DeliveryMetrics metrics) {
        this.members = members;
        this.chatRecipients = chatRecipients;
        this.frames = frames;
        this.fanout = fanout;
        this.local = local;
        this.directory = directory;
        this.metrics = metrics;
    }

    /**
     * A record decoded: a chat event or a user event, with where it came from and whom it is for
     * (a chat event's recipients are filled in after decoding, in the chat's order).
     */
    private record Routable(TopicPartition partition, long offset, ChatEvent event, UserEvent push, Frame frame,
                            Collection<UUID> recipients) {

        Routable withRecipients(Collection<UUID> users) {
            return new Routable(partition, offset, event, push, frame, users);
        }

        String describe() {
            return event != null ? "chat event " + event.id() : "user event " + push.id();
        }
    }

    /**
     * Delivers a batch: first to this instance's own sockets, which need no directory (so neither
     * the lookup nor a PostgreSQL outage holds them back), then, after one directory lookup for
     * the whole batch, to each other instance holding a recipient. A batch that failed is polled
     * again; {@code deliveredHere} (per partition, the offset after the last record written to
     * this instance's sockets) keeps its records from reaching these sockets twice. Returns the
     * inbox writes, which must all succeed before the batch counts as routed.
     */
    List<Future<RecordMetadata>> deliver(ConsumerRecords<byte[], byte[]> records,
                                         Map<TopicPartition, Long> deliveredHere, Instant polledAt) {
        var routables = new ArrayList<Routable>();
        for (var record : records) {
            var partition = new TopicPartition(record.topic(), record.partition());
            try {
                if (record.topic().equals(Topics.USER_EVENTS)) {
                    var push = userEvents.decode(record.value());
                    routables.add(new Routable(partition, record.offset(), null, push,
                            Frame.of(push.frameType(), push.frame(), false, push.time()), push.userIds()));
                    continue;
                }
                var event = codec.decode(record.value());
                metrics.polled(event.time(), record.timestamp(), polledAt);
                routables.add(new Routable(partition, record.offset(), event, null, frames.frame(event), null));
            } catch (ChatEventCodec.UnknownEventTypeException e) {
                // a newer chat-service's event: nothing to show for it
            } catch (RuntimeException e) {
                LOG.warnf("Giving up on an unreadable event at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.toString());
            }
        }
        // Whom each chat event is for, in each chat's order. A read from chat-service that fails
        // (for a chat whose earlier events this instance did not see) fails the batch, before any
        // socket was written, and it is routed again.
        var recipients = new HashSet<UUID>();
        for (int i = 0; i < routables.size(); i++) {
            var routable = routables.get(i);
            if (routable.event() != null) {
                routable = routable.withRecipients(chatRecipients.of(routable.event()));
                routables.set(i, routable);
            }
            recipients.addAll(routable.recipients());
        }
        for (var routable : routables) {
            if (routable.offset() < deliveredHere.getOrDefault(routable.partition(), Long.MIN_VALUE)) {
                continue; // written here before this batch was retried
            }
            try {
                deliverHere(routable);
            } catch (RuntimeException e) {
                // Writing to this instance's sockets touches no other system: a failure here is a
                // bug that a retry would repeat, so the event is given up on for these sockets.
                LOG.warnf(e, "Gave up delivering %s to this instance's sockets", routable.describe());
            }
            deliveredHere.put(routable.partition(), routable.offset() + 1);
        }
        // A failure from here on (directory or Kafka unavailable) fails the whole batch, to be polled again.
        var slotsOf = slotsByUser(directory.locateElsewhere(recipients));
        if (!recipients.isEmpty()) {
            metrics.located(polledAt);
        }
        var writes = new ArrayList<Future<RecordMetadata>>();
        for (var routable : routables) {
            writes.addAll(deliverElsewhere(routable, slotsOf));
        }
        return writes;
    }

    private void deliverHere(Routable routable) {
        var event = routable.event();
        if (event != null) {
            int sockets = local.deliver(routable.recipients(), routable.frame(), event.chatId(), event.seq());
            if (sockets > 0 || ChatMembers.changesMembers(event)) {
                members.apply(event, routable.recipients());
            }
        } else if (routable.push().everyone()) {
            local.deliverToAll(routable.frame());
        } else {
            local.deliver(routable.push().userIds(), routable.frame(), null, -1);
        }
    }

    private List<Future<RecordMetadata>> deliverElsewhere(Routable routable, Map<UUID, List<Integer>> slotsOf) {
        var event = routable.event();
        if (event != null) {
            var membership = ChatMembers.changesMembers(event)
                    ? new Fanout.Membership(codec.encodeToString(event), List.copyOf(routable.recipients())) : null;
            return fanout.toOtherInstances(bySlot(routable.recipients(), slotsOf), routable.frame(), event.chatId(),
                    event.seq(), membership);
        } else if (routable.push().everyone()) {
            return fanout.toEveryOtherInstance(routable.frame());
        } else {
            return fanout.toOtherInstances(bySlot(routable.recipients(), slotsOf), routable.frame(), null, -1, null);
        }
    }

    private static Map<Integer, List<UUID>> bySlot(Collection<UUID> users, Map<UUID, List<Integer>> slotsOf) {
        var bySlot = new HashMap<Integer, List<UUID>>();
        for (UUID user : users) {
            for (int slot : slotsOf.getOrDefault(user, List.of())) {
                bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(user);
            }
        }
        return bySlot;
    }

    private static Map<UUID, List<Integer>> slotsByUser(Map<Integer, List<UUID>> bySlot) {
        var result = new HashMap<UUID, List<Integer>>();
        bySlot.forEach((slot, users) -> users.forEach(user -> result.computeIfAbsent(user, u -> new ArrayList<>()).add(slot)));
        return result;
    }
}
