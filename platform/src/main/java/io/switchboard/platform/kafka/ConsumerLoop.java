package io.switchboard.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * One Kafka consumer on a thread of its own, as every consuming service runs it: connect, poll,
 * hand each non-empty batch to the handler; if anything fails, back off for a second and
 * connect again, so a broker restart or a bad moment never ends consumption. {@link #stop()}
 * wakes the consumer and waits for the thread; {@link #reconnect()} makes it connect afresh
 * (after its assignment changed).
 */
public final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    /** What a service does with its consumer. */
    public interface Handler {

        /** Subscribes or assigns; called after each (re)connect. */
        void connected(KafkaConsumer<byte[], byte[]> consumer);

        /** A non-empty batch; offsets are the handler's to commit. */
        void handle(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records);

        /** After every poll, records or not (e.g. to measure lag). */
        default void polled(KafkaConsumer<byte[], byte[]> consumer) {
        }

        /** The consumer is closed (stopping, reconnecting, or failed). */
        default void disconnected() {
        }
    }

    private final String name;
    private final Supplier<Properties> properties;
    private final Duration poll;
    private final Handler handler;
    private volatile boolean running;
    private volatile boolean joined;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public ConsumerLoop(String name, Supplier<Properties> properties, Duration poll, Handler handler) {
        this.name = name;
        this.properties = properties;
        this.poll = poll;
        this.handler = handler;
    }

    public void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    public void stop() throws InterruptedException {
        running = false;
        reconnect();
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /**
     * Subscribes to the topics as a member of the consumer's group; {@link #isJoined()} turns true
     * once partitions are assigned. {@code beforeRevoke} runs before partitions go to another
     * member (to commit what was handled).
     *
     * <p>A partition assigned with no committed offset (the group never read it) starts at its end,
     * and that start is committed at once: were it left uncommitted, a member that takes the
     * partition over later would start at the end of <em>its</em> moment and skip every record
     * written in between.
     */
    public void subscribe(KafkaConsumer<byte[], byte[]> consumer, List<String> topics,
                          java.util.function.Consumer<Collection<TopicPartition>> beforeRevoke) {
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    var committed = consumer.committed(new HashSet<>(partitions));
                    var starts = new HashMap<TopicPartition, OffsetAndMetadata>();
                    for (TopicPartition tp : partitions) {
                        if (committed.get(tp) == null) {
                            starts.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                        }
                    }
                    if (!starts.isEmpty()) {
                        consumer.commitSync(starts);
                    }
                }
                joined = true;
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                beforeRevoke.accept(partitions);
            }
        });
    }

    /**
     * For a reader every instance runs without a consumer group ({@link BroadcastFeed}): assigns every partition of
     * {@code topic} (creating it as described when it is missing), each from its first record at or
     * after {@code fromMillis}, or from its end when none is that recent. Answers how many partitions.
     */
    static int assignAllFrom(KafkaConsumer<byte[], byte[]> consumer, String bootstrapServers, NewTopic topic,
                             long fromMillis) {
        var partitions = consumer.partitionsFor(topic.name());
        if (partitions == null || partitions.isEmpty()) {
            try {
                KafkaTopics.ensure(bootstrapServers, topic);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + topic.name(), e);
            }
            partitions = consumer.partitionsFor(topic.name());
        }
        var assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        var query = new HashMap<TopicPartition, Long>();
        assigned.forEach(tp -> query.put(tp, fromMillis));
        consumer.offsetsForTimes(query).forEach((partition, found) -> {
            if (found == null) {
                consumer.seekToEnd(List.of(partition)); // nothing that recent: only what comes next
            } else {
                consumer.seek(partition, found.offset());
            }
        });
        return assigned.size();
    }

    /** True once a subscribed consumer has its partitions, until it disconnects. */
    public boolean isJoined() {
        return joined;
    }

    /** Closes the current consumer; the loop connects a new one (unless stopping). */
    public void reconnect() {
        var current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        while (running) {
            try (var kafka = new KafkaConsumer<>(properties.get(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                handler.connected(kafka);
                while (running) {
                    var records = kafka.poll(poll);
                    if (!records.isEmpty()) {
                        handler.handle(kafka, records);
                    }
                    handler.polled(kafka);
                }
            } catch (WakeupException e) {
                joined = false;
                handler.disconnected(); // stopping, or asked to reconnect
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed; connecting again", name);
                joined = false;
                handler.disconnected();
                try {
                    Thread.sleep(BACKOFF.toMillis()); // not to hammer a broker that is down
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
