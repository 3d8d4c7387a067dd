package io.switchboard.notification.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.KafkaTopics;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.push.UserEventCodec;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.notification.config.NotificationConfig;

/**
 * Publishes frames for users' sockets to {@link Topics#USER_EVENTS}; realtime-service routes each
 * to the instances that hold those users, as it routes chat events. A publish returns once Kafka
 * has acknowledged it.
 */
@ApplicationScoped
public class UserEvents {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final NotificationConfig config;
    private final UserEventCodec codec = new UserEventCodec();
    private final ProtocolCodec protocol = new ProtocolCodec();
    private final MeterRegistry registry;
    private KafkaProducer<String, byte[]> producer;

    public UserEvents(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, NotificationConfig config,
                      MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent startup) throws Exception {
        KafkaTopics.ensure(bootstrapServers, new NewTopic(Topics.USER_EVENTS, config.push().topicPartitions(),
                config.push().topicReplication()));
        var props = KafkaClients.acknowledgedProducer(bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "notification-user-events");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        for (String type : List.of("event", "notification")) {
            published(type);
        }
    }

    private Counter published(String frameType) {
        return Counter.builder("switchboard.user.events.published").tag("type", frameType)
                .description("Frames handed to realtime-service for users' sockets").register(registry);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** The frame encoded as the socket protocol has it, once for all its recipients. */
    public String encode(ServerEvent event) {
        return protocol.encode(event);
    }

    /** Sends one frame to these users (or, with {@code everyone}, to all); waits for Kafka. Its id. */
    public UUID publish(List<UUID> users, boolean everyone, String frameType, String frame) {
        var id = UUID.randomUUID();
        await(List.of(send(id, users, everyone, frameType, frame)));
        published(frameType).increment();
        return id;
    }

    /** Sends a frame per user, each to that user alone; waits for Kafka to acknowledge them all. */
    public void publishEach(Map<UUID, String> frames, String frameType) {
        await(frames.entrySet().stream()
                .map(e -> send(UUID.randomUUID(), List.of(e.getKey()), false, frameType, e.getValue())).toList());
        published(frameType).increment(frames.size());
    }

    private Future<RecordMetadata> send(UUID id, List<UUID> users, boolean everyone, String frameType, String frame) {
        var event = new UserEvent(id, Instant.now(), users, everyone, frameType, frame);
        var key = users.isEmpty() ? null : users.getFirst().toString();
        return producer.send(new ProducerRecord<>(Topics.USER_EVENTS, key, codec.encode(event)));
    }

    private static void await(List<Future<RecordMetadata>> sends) {
        try {
            for (var send : sends) {
                send.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed(e);
        } catch (Exception e) {
            throw new PublishFailed(e);
        }
    }

    /** Kafka did not acknowledge in time. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(Throwable cause) {
            super("publishing to " + Topics.USER_EVENTS + " failed: " + cause, cause);
        }
    }
}
