package io.switchboard.notification.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.ConsumerLoop;

/**
 * Reads chat-service's events (consumer group {@value #GROUP}; the service's instances share
 * them) and keeps the offline notifications current through {@link BatchStore}. A partition's
 * offset is committed after its events are stored, so an event is handled at least once, and
 * handling one twice changes nothing.
 *
 * <p>Storing that fails (the database is down, say, or chat-service cannot say whom an event is
 * for) never skips an event: the partition is rewound to its first unstored record and paused for
 * a backoff (100 ms doubling to 5 s) while the loop goes on polling, so the group keeps it as a
 * member and a stop is noticed at once; then the same records come again, in order. Only a record
 * that cannot be read is given up on.
 *
 * <p>This consumer is hand-written ({@link ConsumerLoop}), not a batch {@code @Incoming} of
 * quarkus-messaging-kafka (SmallRye Reactive Messaging Kafka 4.28), because the connector cannot
 * retry one failing partition from its first unstored record, in order, while the others go on:
 * <ul>
 * <li>A nacked record goes to the channel's {@code failure-strategy}, and none rewinds:
 * {@code fail} reports a fatal failure and closes the consumer until a restart; {@code ignore}
 * acknowledges it, so its offset is committed and the record skipped; {@code dead-letter-queue}
 * and {@code delayed-retry-topic} acknowledge it once moved to another topic, so the records after
 * it (the same chat's later events) are handled before it. A nacked batch nacks every record in it,
 * whichever partition it came from.</li>
 * <li>Retrying inside the method instead holds the whole batch: the connector hands a consumer's
 * batches over one at a time, so every partition in the batch, and every other partition that
 * consumer holds, stalls for as long as the outage lasts. {@code partitions=N} only creates N
 * consumers of the group; which partitions share one is up to the assignor.</li>
 * <li>Pausing and rewinding one partition by hand (through {@code KafkaClientService}) does not
 * hold: the connector pauses and resumes polling for its own back-pressure
 * ({@code pause-if-no-requests}), and its resume resumes the whole assignment; records of that
 * partition already polled into its queue ({@code max.poll.records} times
 * {@code max-queue-size-factor}) are still delivered after the seek, ahead of the rewound one.</li>
 * <li>With the {@code throttled} commit strategy, a record waiting longer than
 * {@code throttled.unprocessed-record-max-age.ms} (60 s by default) is a fatal failure that closes
 * the consumer; here a partition waits as long as the database or chat-service is away.</li>
 * </ul>
 * What the connector does give (polling on while paused, so the group keeps the member; lag through
 * its consumer; its own readiness) would not make up for that.
 */
@ApplicationScoped
public class ChatEventConsumer {

    public static final String GROUP = "switchboard-notifications";

    private static final Logger LOG = Logger.getLogger(ChatEventConsumer.class);
    /** Short, so that a partition goes on soon after its backoff; a poll returns at once when records are there. */
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * How long the broker gathers events before answering a fetch (unless 1 MB came first): a busy
     * chat's messages then come as one batch, whose recipients' presence is asked once, rather than
     * one ask naming every online member of a big group per message. Notifications wait this long.
     */
    private static final Duration WINDOW = Duration.ofMillis(500);
    /** A failure that lasts is repeated at WARN about once a minute (at the longest backoff), not at every try. */
    private static final int WARN_EVERY = 12;

    private final String bootstrapServers;
    private final BatchStore store;
    private final OfflineNotifier notifier;
    private final ChatEventCodec codec = new ChatEventCodec();
    private final PartitionRetries retries = new PartitionRetries(Backoff.STORE);
    /** How often the lag is measured, and messages no notification counts any more are deleted. */
    private static final Duration LAG_EVERY = Duration.ofSeconds(2);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final ConsumerLoop loop;
    private final AtomicLong lag = new AtomicLong();

    public ChatEventConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             BatchStore store, OfflineNotifier notifier, MeterRegistry metrics) {
        this.bootstrapServers = bootstrapServers;
        this.store = store;
        this.notifier = notifier;
        this.loop = new ConsumerLoop("chat-event-consumer", this::properties, POLL, new Consuming());
        Gauge.builder("switchboard.notifications.consumer.lag", lag::get)
                .description("Chat events in Kafka not yet handled by this instance (its partitions)")
                .register(metrics);
    }

    void start(@Observes StartupEvent startup) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    /** True once the consumer has its partitions (the readiness check waits for it). */
    public boolean isJoined() {
        return loop.isJoined();
    }

    /** The partitions waiting to store their events again, if any. */
    Optional<PartitionRetries.Stuck> stuck() {
        return retries.stuck();
    }

    private final class Consuming implements ConsumerLoop.Handler {

        private long lagMeasuredAt = System.nanoTime();
        private long prunedAt = System.nanoTime();

        @Override
        public void connected(KafkaConsumer<byte[], byte[]> kafka) {
            // every share is committed once stored: nothing to hand over on revocation but the waiting
            loop.subscribe(kafka, List.of(Topics.CHAT_EVENTS), partitions -> {
                retries.forget(partitions);
                store.forget(partitions);
            });
        }

        @Override
        public void handle(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
            ChatEventConsumer.this.handle(kafka, records);
        }

        @Override
        public void polled(KafkaConsumer<byte[], byte[]> kafka) {
            var due = retries.due(Instant.now()).stream().filter(kafka.assignment()::contains).toList();
            if (!due.isEmpty()) {
                kafka.resume(due);
            }
            long now = System.nanoTime();
            if (now - lagMeasuredAt > LAG_EVERY.toNanos()) {
                lag.set(kafka.assignment().stream().mapToLong(partition -> kafka.currentLag(partition).orElse(0)).sum());
                lagMeasuredAt = now;
            }
            if (now - prunedAt > PRUNE_EVERY.toNanos()) {
                notifier.prune();
                prunedAt = now;
            }
        }

        @Override
        public void disconnected() {
            // a new consumer starts from the committed offsets, which are before every waiting record
            retries.clear();
        }
    }

    private void handle(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        var batch = PartitionEvents.decode(records, codec);
        var failed = store.store(batch);
        var commit = new HashMap<TopicPartition, OffsetAndMetadata>();
        var waiting = new ArrayList<String>();
        int attempts = 0;
        for (var share : batch) {
            var error = failed.get(share.partition());
            if (error == null) {
                commit.put(share.partition(), new OffsetAndMetadata(share.nextOffset()));
                retries.stored(share.partition()).ifPresent(retry -> LOG.infof(
                        "Chat events at %s stored after %d failed attempts since %s", share.partition(),
                        retry.attempts(), retry.since()));
            } else {
                // nothing after this record may be handled or committed before it: back to it, and wait
                kafka.seek(share.partition(), share.firstOffset());
                kafka.pause(List.of(share.partition()));
                var retry = retries.failed(share.partition(), share.firstOffset(), error, Instant.now());
                waiting.add(share.partition() + "@" + share.firstOffset());
                attempts = Math.max(attempts, retry.attempts());
            }
        }
        if (!failed.isEmpty()) {
            warn(attempts, waiting, failed.values().iterator().next());
        }
        if (!commit.isEmpty()) {
            kafka.commitSync(commit);
        }
    }

    private static void warn(int attempts, List<String> waiting, RuntimeException error) {
        var cause = PartitionRetries.describe(error);
        if (attempts == 1 || attempts % WARN_EVERY == 0) {
            LOG.warnf("Could not store chat events (attempt %d), waiting at %s; trying again in %d ms: %s",
                    attempts, waiting, Backoff.STORE.after(attempts).toMillis(), cause);
        } else {
            LOG.debugf("Could not store chat events (attempt %d), waiting at %s: %s", attempts, waiting, cause);
        }
    }

    private Properties properties() {
        // A new deployment starts from now: it does not notify about history.
        var props = KafkaClients.groupConsumer(bootstrapServers, GROUP, "notification-chat-events");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(1 << 20));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(WINDOW.toMillis()));
        return props;
    }
}
