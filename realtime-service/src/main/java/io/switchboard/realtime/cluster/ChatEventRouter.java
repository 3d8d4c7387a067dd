package io.switchboard.realtime.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.kafka.ConsumerLoop;
import io.switchboard.contracts.kafka.KafkaTopics;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.push.UserEventCodec;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.delivery.DeliveryMetrics;
import io.switchboard.realtime.delivery.EventFrames;
import io.switchboard.realtime.delivery.Fanout;
import io.switchboard.realtime.delivery.Frame;

/**
 * Routes chat-service's events, and the user events (notifications, push API) notification-service
 * publishes. The instances share both streams as one Kafka consumer group, so each event is routed
 * once, by whichever instance holds its partition: it looks up (in the directory, once per batch)
 * which instances hold the recipients, writes the event to this instance's sockets directly and to
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
    private final EventFrames frames;
    private final Fanout fanout;
    private final Directory directory;
    private final Inbox inbox;
    private final InstanceSlot instance;
    private final DeliveryMetrics metrics;
    private final ChatEventCodec codec = new ChatEventCodec();
    private final UserEventCodec userEvents = new UserEventCodec();
    private final AtomicLong lag = new AtomicLong();
    private final ConsumerLoop loop;

    public ChatEventRouter(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           RealtimeConfig config, ChatMembers members, EventFrames frames, Fanout fanout,
                           Directory directory, Inbox inbox, InstanceSlot instance, DeliveryMetrics metrics) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.members = members;
        this.frames = frames;
        this.fanout = fanout;
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
        private long lagCheckedAt;

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
            route(records);
            inbox.flush();
            for (TopicPartition tp : records.partitions()) {
                routed.put(tp, new OffsetAndMetadata(records.records(tp).getLast().offset() + 1));
            }
            try {
                kafka.commitSync();
            } catch (RebalanceInProgressException e) {
                // The revocation callback commits these during the rebalance.
            }
        }

        @Override
        public void polled(KafkaConsumer<byte[], byte[]> kafka) {
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

    private void route(ConsumerRecords<byte[], byte[]> records) {
        var events = new ArrayList<ChatEvent>();
        var pushes = new ArrayList<UserEvent>();
        var recipients = new HashSet<UUID>();
        for (var record : records) {
            try {
                if (record.topic().equals(Topics.USER_EVENTS)) {
                    var push = userEvents.decode(record.value());
                    pushes.add(push);
                    recipients.addAll(push.userIds());
                    continue;
                }
                var event = codec.decode(record.value());
                events.add(event);
                recipients.addAll(event.recipients());
            } catch (ChatEventCodec.UnknownEventTypeException e) {
                // a newer chat-service's event: nothing to show for it
            } catch (RuntimeException e) {
                LOG.warnf("Skipping an unreadable chat event at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.toString());
            }
        }
        var slotsOf = slotsByUser(directory.locate(recipients));
        for (var event : events) {
            try {
                var bySlot = bySlot(event.recipients(), slotsOf);
                if (bySlot.containsKey(instance.slot())) {
                    members.apply(event);
                }
                fanout.route(bySlot, frames.frame(event), event.chatId(), event.seq(),
                        ChatMembers.changesMembers(event) ? codec.encodeToString(event) : null);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not route chat event %s", event.id());
            }
        }
        for (var push : pushes) {
            try {
                var frame = Frame.of(push.frameType(), push.frame(), false, push.time());
                if (push.everyone()) {
                    fanout.toEveryone(frame);
                } else {
                    fanout.route(bySlot(push.userIds(), slotsOf), frame, null, -1, null);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not route user event %s", push.id());
            }
        }
    }

    private static Map<Integer, List<UUID>> bySlot(List<UUID> users, Map<UUID, List<Integer>> slotsOf) {
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
        var props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
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
