package io.switchboard.realtime.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.config.RealtimeConfig;

/**
 * Reads chat-service's event stream and hands each event to the sockets of its recipients here.
 * One thread, so a chat's events (one partition) are delivered in their order. A new instance
 * starts at the stream's end: what a client missed before it connected comes with {@code resume}.
 */
@ApplicationScoped
public class ChatEventStream {

    private static final Logger LOG = Logger.getLogger(ChatEventStream.class);

    private final String bootstrapServers;
    private final RealtimeConfig config;
    private final ChatMembers members;
    private final EventFrames frames;
    private final Fanout fanout;
    private final DeliveryMetrics metrics;
    private final ChatEventCodec codec = new ChatEventCodec();
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public ChatEventStream(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           RealtimeConfig config, ChatMembers members, EventFrames frames, Fanout fanout,
                           DeliveryMetrics metrics) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.members = members;
        this.frames = frames;
        this.fanout = fanout;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup) {
        metrics.gauge("switchboard.ws.kafka.consumer.lag", "Chat events in Kafka not yet read by this instance",
                lag::get);
        running = true;
        thread = Thread.ofPlatform().name("chat-event-stream").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        var current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** True once the stream is read from its current end (the readiness check waits for it). */
    public boolean isAssigned() {
        return assigned;
    }

    private void run() {
        while (running) {
            try (var kafka = new KafkaConsumer<byte[], byte[]>(properties())) {
                consumer = kafka;
                assignAtEnd(kafka);
                var poll = Duration.ofMillis(config.events().pollTimeoutMillis());
                long lagCheckedAt = 0;
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(poll)) {
                        handle(record);
                    }
                    if (System.nanoTime() - lagCheckedAt > 2_000_000_000L) {
                        lag.set(kafka.assignment().stream().mapToLong(tp -> kafka.currentLag(tp).orElse(0)).sum());
                        lagCheckedAt = System.nanoTime();
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                LOG.errorf(e, "The chat event stream failed; reconnecting");
                assigned = false;
                sleep(1_000);
            }
        }
    }

    private void assignAtEnd(KafkaConsumer<byte[], byte[]> kafka) {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            partitions = kafka.partitionsFor(Topics.CHAT_EVENTS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                LOG.infof("Waiting for topic %s (chat-service creates it)", Topics.CHAT_EVENTS);
                sleep(1_000);
            }
        }
        kafka.assign(partitions);
        kafka.seekToEnd(partitions);
        partitions.forEach(kafka::position);
        assigned = true;
        LOG.infof("Reading %s (%d partitions) from its end", Topics.CHAT_EVENTS, partitions.size());
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        ChatEvent event;
        try {
            event = codec.decode(record.value());
        } catch (ChatEventCodec.UnknownEventTypeException e) {
            return; // a newer chat-service's event: nothing to show for it here
        } catch (RuntimeException e) {
            LOG.warnf("Skipping an unreadable chat event at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.toString());
            return;
        }
        try {
            members.apply(event);
            fanout.toMembers(event.recipients(), frames.frame(event), event.chatId(), event.seq());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not deliver chat event %s", event.id());
        }
    }

    private Properties properties() {
        var props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100",
                ConsumerConfig.CLIENT_ID_CONFIG, "realtime-chat-events"));
        return props;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
