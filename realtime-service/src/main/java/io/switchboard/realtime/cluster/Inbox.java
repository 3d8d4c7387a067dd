package io.switchboard.realtime.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.platform.kafka.ConsumerLoop;
import io.switchboard.platform.kafka.KafkaTopics;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.DeliveryMetrics;

/**
 * The instances' inboxes: topic {@value #TOPIC}, one partition per slot. An instance sends a
 * frame to another by writing to that instance's partition, and reads only its own: it receives
 * nothing for users it does not hold.
 */
@ApplicationScoped
public class Inbox {

    public static final String TOPIC = "switchboard.realtime-inbox";

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final String bootstrapServers;
    private final RealtimeConfig config;
    private final InstanceSlot instance;
    private final InboxDelivery delivery;
    private final DeliveryMetrics metrics;
    private final Counter sent;
    private final Counter received;
    private final InboxRecordCodec codec;
    private final ConsumerLoop loop;
    private KafkaProducer<byte[], byte[]> producer;
    private volatile boolean assigned;

    public Inbox(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, RealtimeConfig config,
                 InstanceSlot instance, InboxDelivery delivery, DeliveryMetrics metrics, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.instance = instance;
        this.delivery = delivery;
        this.metrics = metrics;
        this.codec = new InboxRecordCodec(config.cluster().inboxFormat());
        this.sent = Counter.builder("switchboard.ws.inbox.sent")
                .description("Records this instance wrote to other instances' inboxes").register(registry);
        this.received = Counter.builder("switchboard.ws.inbox.received")
                .description("Records this instance read from its inbox: deliveries for its own users only")
                .register(registry);
        this.loop = new ConsumerLoop("inbox", this::consumerProperties,
                Duration.ofMillis(config.events().pollTimeoutMillis()), new Reading());
    }

    void start(@Observes @Priority(20) StartupEvent startup) throws Exception {
        KafkaTopics.ensure(bootstrapServers, new NewTopic(TOPIC, config.cluster().inboxPartitions(),
                config.cluster().inboxReplication()).configs(Map.of("retention.ms", "3600000")));
        var props = KafkaClients.connection(bootstrapServers);
        props.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                // A write Kafka cannot take (broker away, metadata missing) fails the router's batch
                // within 5 s, to be routed again, rather than holding the router for a minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                ProducerConfig.CLIENT_ID_CONFIG, "realtime-inbox-" + instance.slot()));
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Writes a record to another instance's inbox; the future fails if Kafka did not take it. A
     * caller that must not lose it (the router) checks the futures after {@link #flush()}; typing
     * and presence, which are best-effort, let a failure be logged.
     */
    public Future<RecordMetadata> send(int slot, InboxRecord record) {
        var written = producer.send(new ProducerRecord<>(TOPIC, slot, null, codec.encode(record)),
                (meta, error) -> {
                    if (error != null) {
                        LOG.warnf("Could not write to inbox %d: %s", slot, error.toString());
                    }
                });
        sent.increment();
        return written;
    }

    /** Waits until everything sent so far is acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    /** Throws unless every one of these writes was acknowledged (call after {@link #flush()}). */
    public static void requireWritten(List<Future<RecordMetadata>> writes) {
        for (var write : writes) {
            try {
                write.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("an inbox write failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking inbox writes", e);
            }
        }
    }

    /** Reads the partition of the slot the instance now holds. */
    void reassign() {
        loop.reconnect();
    }

    public boolean isAssigned() {
        return assigned;
    }

    private final class Reading implements ConsumerLoop.Handler {

        /** The slot read last and the offset after its last record handled: a reconnect goes on from there. */
        private int readSlot = -1;
        private long nextOffset = -1;

        @Override
        public void connected(KafkaConsumer<byte[], byte[]> kafka) {
            var partition = new TopicPartition(TOPIC, instance.slot());
            kafka.assign(List.of(partition));
            if (readSlot == instance.slot() && nextOffset >= 0) {
                // Reconnected to the same slot: records written while the consumer was away are ours.
                kafka.seek(partition, nextOffset);
            } else {
                kafka.seekToEnd(List.of(partition)); // earlier records were for a previous holder of the slot
                readSlot = instance.slot();
                nextOffset = kafka.position(partition);
            }
            assigned = true;
        }

        @Override
        public void handle(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
            var polledAt = Instant.now();
            for (var record : records) {
                nextOffset = record.offset() + 1;
                received.increment();
                metrics.inboxPolled(record.timestamp(), polledAt);
                try {
                    delivery.deliver(codec.decode(record.value()));
                } catch (Exception e) {
                    LOG.errorf(e, "Could not deliver inbox record at offset %d", record.offset());
                }
            }
        }

        @Override
        public void disconnected() {
            assigned = false; // stopping, failed, or the slot changed: read the new one
        }
    }

    private Properties consumerProperties() {
        var props = KafkaClients.connection(bootstrapServers);
        props.putAll(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "realtime-inbox-reader-" + instance.slot()));
        return props;
    }

}
