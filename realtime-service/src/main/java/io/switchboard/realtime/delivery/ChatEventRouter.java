package io.switchboard.realtime.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.ConsumerLoop;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.platform.kafka.KafkaTopics;
import io.switchboard.realtime.cluster.Inbox;
import io.switchboard.realtime.cluster.InstanceSlot;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.DeliveryMetrics;

/**
 * Consumes chat-service's events, and the user events (notifications, push API) notification-service
 * publishes. The instances share both streams as one Kafka consumer group, so each event is routed
 * once, by whichever instance holds its partition; {@link BatchDelivery} delivers each polled batch.
 * This class keeps the Kafka side: a partition's offset is committed only once every other
 * instance's inbox took its share, a new owner starts exactly where routing got to, and the lag
 * and a stuck batch are measured. One partition per chat and one thread per router keep a chat's
 * events in order.
 *
 * <p>Hand-written rather than a messaging {@code @Incoming}: the offset of a batch is committed
 * only after the inbox writes it caused were acknowledged, and handed over exactly on revocation.
 */
@ApplicationScoped
public class ChatEventRouter {

    public static final String GROUP = "switchboard-realtime-router";

    private static final Logger LOG = Logger.getLogger(ChatEventRouter.class);
    /**
     * Routed offsets are committed at most this often while events keep coming (and at once when a
     * poll finds none): with one commit per batch, the broker's group coordinator alone took 15% of
     * its CPU at 25 messages/s.
     */
    private static final long COMMIT_EVERY_NANOS = 250_000_000L;

    private final String bootstrapServers;
    private final RealtimeConfig config;
    private final BatchDelivery delivery;
    private final Inbox inbox;
    private final InstanceSlot instance;
    private final DeliveryMetrics metrics;
    /** Created here too when missing, so that no user event goes unrouted while notification-service starts. */
    private final NewTopic userEventsTopic;
    private final AtomicLong lag = new AtomicLong();
    /** When the batch being routed was first polled (kept while it is retried), or 0 between batches. */
    private volatile long batchStartedNanos;
    private final ConsumerLoop loop;

    public ChatEventRouter(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           RealtimeConfig config, BatchDelivery delivery, Inbox inbox, InstanceSlot instance,
                           DeliveryMetrics metrics,
                           @ConfigProperty(name = "switchboard.kafka.user-events.partitions") int userEventsPartitions,
                           @ConfigProperty(name = "switchboard.kafka.user-events.replication") short userEventsReplication) {
        this.bootstrapServers = bootstrapServers;
        this.userEventsTopic = KafkaTopics.userEvents(userEventsPartitions, userEventsReplication);
        this.config = config;
        this.delivery = delivery;
        this.inbox = inbox;
        this.instance = instance;
        this.metrics = metrics;
        this.loop = new ConsumerLoop("chat-event-router", this::properties,
                Duration.ofMillis(config.events().pollTimeoutMillis()), new Routing());
    }

    void start(@Observes @Priority(30) StartupEvent startup) throws Exception {
        KafkaTopics.ensure(bootstrapServers, userEventsTopic);
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
        /** What was routed since the last commit, and when that was (see {@link #COMMIT_EVERY_NANOS}). */
        private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
        private long committedAt = System.nanoTime();
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
                    uncommitted.remove(tp);
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
            var polledAt = Instant.now();
            var writes = delivery.deliver(records, deliveredHere, polledAt);
            inbox.flush();
            // Not acknowledged to Kafka unless every other instance's inbox took its share: a failed
            // write fails the batch, which is polled again (this instance's sockets skip what they had).
            Inbox.requireWritten(writes);
            if (!writes.isEmpty()) {
                metrics.handed(polledAt);
            }
            batchStartedNanos = 0;
            var reached = new HashMap<TopicPartition, OffsetAndMetadata>();
            for (TopicPartition tp : records.partitions()) {
                reached.put(tp, new OffsetAndMetadata(records.records(tp).getLast().offset() + 1));
            }
            routed.putAll(reached);
            uncommitted.putAll(reached);
            if (System.nanoTime() - committedAt >= COMMIT_EVERY_NANOS) {
                commit(kafka);
            }
        }

        /**
         * Asynchronously: a synchronous commit holds the next events back for the group
         * coordinator's round trip (several milliseconds). A commit that fails is covered by the
         * next one, or by the revocation callback's, which commits what was reached; at worst a new
         * owner routes again what was routed since (sockets drop a chat event they had by its seq).
         */
        private void commit(KafkaConsumer<byte[], byte[]> kafka) {
            kafka.commitAsync(new HashMap<>(uncommitted), (offsets, failure) -> {
                if (failure != null && !(failure instanceof RebalanceInProgressException)) {
                    LOG.debugf("Committing routed offsets failed (the next commit covers them): %s", failure.toString());
                }
            });
            uncommitted.clear();
            committedAt = System.nanoTime();
        }

        @Override
        public void polled(KafkaConsumer<byte[], byte[]> kafka) {
            if (loop.isJoined() && batchStartedNanos != 0 && !handling) {
                batchStartedNanos = 0; // polled nothing: what failed before is no longer this instance's to route
            }
            if (!handling && !uncommitted.isEmpty()) {
                commit(kafka); // nothing more came: what was routed is committed now
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
            uncommitted.clear();
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

    private Properties properties() {
        var props = KafkaClients.groupConsumer(bootstrapServers, GROUP, "realtime-router-" + instance.slot());
        props.putAll(Map.of(
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                // A killed instance's partitions move to the others within 10 s (45 s by default).
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000",
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000"));
        return props;
    }
}
