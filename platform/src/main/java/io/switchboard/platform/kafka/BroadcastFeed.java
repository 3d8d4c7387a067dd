package io.switchboard.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * A topic every instance reads whole, with no consumer group and nothing committed (session
 * revocations, block changes): on each (re)connect it assigns every partition from the first
 * record at or after {@code fromMillis} (creating the topic if it is missing, so that no service
 * waits for another to start), then hands each record's decoded value, in order, to
 * {@code apply}. An unreadable record is logged and skipped.
 *
 * @param <T> what a record holds
 */
public final class BroadcastFeed<T> {

    private static final Logger LOG = Logger.getLogger(BroadcastFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ConsumerLoop loop;

    /**
     * @param name       the reader's name in logs, and its Kafka client id
     * @param fromMillis where each (re)connect starts reading, as epoch milliseconds
     * @param apply      gets each value with its record (for its time or position)
     */
    public BroadcastFeed(String name, String bootstrapServers, NewTopic topic, LongSupplier fromMillis,
                         Function<byte[], T> decode, RecordHandler<T> apply) {
        this.loop = new ConsumerLoop(name, () -> KafkaClients.ungroupedReader(bootstrapServers, name), POLL,
                new ConsumerLoop.Handler() {
                    @Override
                    public void connected(KafkaConsumer<byte[], byte[]> consumer) {
                        long from = fromMillis.getAsLong();
                        int partitions = ConsumerLoop.assignAllFrom(consumer, bootstrapServers, topic, from);
                        LOG.debugf("%s: reading %s (%d partition(s)) from %s on", name, topic.name(), partitions,
                                Instant.ofEpochMilli(from));
                    }

                    @Override
                    public void handle(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
                        for (var record : records) {
                            T value;
                            try {
                                value = decode.apply(record.value());
                            } catch (RuntimeException e) {
                                LOG.warnf("%s: skipping an unreadable record at %s-%d@%d: %s", name, record.topic(),
                                        record.partition(), record.offset(), e.getMessage());
                                continue;
                            }
                            apply.accept(record, value);
                        }
                    }
                });
    }

    /** What the feed does with each record's value. */
    @FunctionalInterface
    public interface RecordHandler<T> {
        void accept(ConsumerRecord<byte[], byte[]> record, T value);
    }

    /** A handler that needs the value alone. */
    public static <T> RecordHandler<T> values(Consumer<T> apply) {
        return (record, value) -> apply.accept(value);
    }

    public void start() {
        loop.start();
    }

    public void stop() throws InterruptedException {
        loop.stop();
    }
}
