package io.switchboard.realtime.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.ConsumerLoop;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.platform.kafka.KafkaTopics;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.push.UserEventCodec;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatRecipients;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.Frame;
import io.switchboard.realtime.socket.LocalDelivery;
import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.cluster.InstanceSlot;
import io.switchboard.realtime.cluster.Inbox;

/**
 * Routes chat-service's events, and the user events (notifications, push API) notification-service
 * publishes. The instances share both streams as one Kafka consumer group, so each event is routed
 * once, by whichever instance holds its partition: it works out whom each chat event is for
 * ({@link ChatRecipients}), looks up (in the directory, once per batch) which instances hold them, writes the event to this instance's sockets directly and to
 * each other such instance's inbox, and to no other. One partition per chat and one thread per
 * router keep a chat's events in order.
 */
@ApplicationScoped
public class ChatEventRouter {

    public static final String GROUP = "switchboard-realtime-router";

    private static final Logger LOG = Logger.getLogger(ChatEventRouter.class);

    private final String bootstrapServers;
    private final RealtimeConfig config;
    private final ChatMembers members;
    private final ChatRecipients chatRecipients;
    private final EventFrames frames;
    private final Fanout fanout;
    private final LocalDelivery local;
    private final Directory directory;
    private final Inbox inbox;
    private final InstanceSlot instance;
    private final DeliveryMetrics metrics;
    private final ChatEventCodec codec = new ChatEventCodec();
    private final UserEventCodec userEvents = new UserEventCodec();
    private final AtomicLong lag = new AtomicLong();
    /** When the batch being routed was first polled (kept while it is retried), or 0 between batches. */
    private volatile long batchStartedNanos;
    private final ConsumerLoop loop;

    public ChatEventRouter(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           RealtimeConfig config, ChatMembers members, ChatRecipients chatRecipients,
                           EventFrames frames, Fanout fanout,
                           LocalDelivery local, Directory directory, Inbox inbox, InstanceSlot instance,
                           DeliveryMetrics metrics) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.members = members;
        this.chatRecipients = chatRecipients;
        this.frames = frames;
        this.fanout = fanout;
        this.local = local;
        this.directory = directory;
        this.inbox = inbox;
        this.instance = instance;
        this.metrics = metrics;
        this.loop = new ConsumerLoop("chat-event-router", this::properties,
                Duration.ofMillis(config.events().pollTimeoutMillis()), new Routing());
    }

    void start(@Observes @Priority(30) StartupEvent startup) throws Exception {
        KafkaTopics.ensure(bootstrapServers, new NewTopic(Topics.USER_EVENTS, config.cluster().userEventsPartitions(),
                config.cluster().inboxReplication()));
        metrics.gauge("switchboard.ws.kafka.consumer.lag", "Chat and user events in Kafka not yet routed by this instance",
                lag::get);
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    /** True once this instance has joined the routing group (the readiness check waits for it). */
    public boolean isJoined() {
        return loop.isJoined();
    }

    private final class Routing implements ConsumerLoop.Handler {

        /** Per partition, the offset after the last record routed and acknowledged by the inboxes. */
        private final Map<TopicPartition, OffsetAndMetadata> routed = new HashMap<>();
        /** Per partition, the offset after the last record written to this instance's sockets (kept across retries). */
        private final Map<TopicPartition, Long> deliveredHere = new HashMap<>();
        private long lagCheckedAt;
        /** Set by a batch handled in this poll, so that {@link #polled} tells an empty poll from a full one. */
        private boolean handling;

        @Override
        public void connected(KafkaConsumer<byte[], byte[]> kafka) {
            // Hand over exactly where routing got to, so the next owner neither routes a record
            // again nor skips one that failed (the consumer closes after a failure).
            loop.subscribe(kafka, List.of(Topics.CHAT_EVENTS, Topics.USER_EVENTS), partitions -> {
                var positions = new HashMap<TopicPartition, OffsetAndMetadata>();
                partitions.forEach(tp -> {
                    var reached = routed.remove(tp);
                    if (reached != null) {
                        positions.put(tp, reached);
                    }
                });
                if (!positions.isEmpty()) {
                    kafka.commitSync(positions);
                }
            });
        }

        @Override
        public void handle(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
            handling = true;
            if (batchStartedNanos == 0) {
                batchStartedNanos = System.nanoTime(); // kept while the same batch is polled again after a failure
            }
            var writes = route(records, deliveredHere);
            inbox.flush();
            // Not acknowledged to Kafka unless every other instance's inbox took its share: a failed
            // write fails the batch, which is polled again (this instance's sockets skip what they had).
            Inbox.requireWritten(writes);
            batchStartedNanos = 0;
            var reached = new HashMap<TopicPartition, OffsetAndMetadata>();
            for (TopicPartition tp : records.partitions()) {
                reached.put(tp, new OffsetAndMetadata(records.records(tp).getLast().offset() + 1));
            }
            routed.putAll(reached);
            // Asynchronously: a synchronous commit holds the next events back for the group
            // coordinator's round trip (several milliseconds). A commit that fails is covered by the
            // next one, or by the revocation callback's, which commits what was reached; at worst a
            // new owner routes a few events again, recognisable by chat and sequence.
            kafka.commitAsync(reached, (offsets, failure) -> {
                if (failure != null && !(failure instanceof RebalanceInProgressException)) {
                    LOG.debugf("Committing routed offsets failed (the next commit covers them): %s", failure.toString());
                }
            });
        }

        @Override
        public void polled(KafkaConsumer<byte[], byte[]> kafka) {
            if (loop.isJoined() && batchStartedNanos != 0 && !handling) {
                batchStartedNanos = 0; // polled nothing: what failed before is no longer this instance's to route
            }
            handling = false;
            if (System.nanoTime() - lagCheckedAt > 2_000_000_000L) {
                lag.set(kafka.assignment().stream().mapToLong(tp -> kafka.currentLag(tp).orElse(0)).sum());
                lagCheckedAt = System.nanoTime();
            }
        }

        @Override
        public void disconnected() {
            routed.clear();
        }
    }

    /**
     * True while the batch under way has taken longer than {@code limitNanos}, or the last one
     * failed and has not yet gone through: this instance is not routing (PostgreSQL or Kafka
     * unavailable).
     */
    public boolean isStuck(long limitNanos) {
        long started = batchStartedNanos;
        return started != 0 && System.nanoTime() - started > limitNanos;
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
     * Routes a batch: first to this instance's own sockets, which need no directory (so neither
     * the lookup nor a PostgreSQL outage holds them back), then, after one directory lookup for
     * the whole batch, to each other instance holding a recipient. A batch that failed is polled
     * again; {@code deliveredHere} (per partition, the offset after the last record written to
     * this instance's sockets) keeps its records from reaching these sockets twice. Returns the
     * inbox writes, which must all succeed before the batch counts as routed.
     */
    private List<Future<RecordMetadata>> route(ConsumerRecords<byte[], byte[]> records,
                                               Map<TopicPartition, Long> deliveredHere) {
        var routables = new ArrayList<Routable>();
        var polledAt = Instant.now();
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

    private Properties properties() {
        var props = KafkaClients.connection(bootstrapServers);
        props.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                // A killed instance's partitions move to the others within 10 s (45 s by default).
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000",
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000",
                ConsumerConfig.CLIENT_ID_CONFIG, "realtime-router-" + instance.slot()));
        return props;
    }
}
