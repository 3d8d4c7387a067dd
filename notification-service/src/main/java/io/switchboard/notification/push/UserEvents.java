package io.switchboard.notification.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.push.UserEventCodec;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ServerEvent;

/**
 * Publishes frames for users' sockets to {@link Topics#USER_EVENTS} through the outgoing channel
 * {@value #CHANNEL} (its producer is configured in application.properties: every in-sync replica,
 * idempotent); realtime-service routes each to the instances that hold those users, as it routes
 * chat events. A record is keyed by its first user, so one user's events keep their order. A
 * publish returns once Kafka has acknowledged it, and throws {@link PublishFailed} when Kafka did not.
 * {@link UserEventsTopic} creates the topic first.
 */
@ApplicationScoped
public class UserEvents {

    static final String CHANNEL = "user-events";
    /** Longer than the producer's delivery.timeout.ms: Kafka's own answer comes first. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(12);

    private final MutinyEmitter<byte[]> emitter;
    private final UserEventCodec codec = new UserEventCodec();
    private final ProtocolCodec protocol = new ProtocolCodec();
    private final MeterRegistry registry;

    // a notice to 10,000 users is 10,000 records at once: they wait for the producer, as they did in its buffer
    public UserEvents(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter,
                      MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    /** The counters show from the start, at zero (the channels are wired by now). */
    void start(@Observes StartupEvent startup) {
        for (String type : List.of("event", "notification")) {
            published(type);
        }
    }

    private Counter published(String frameType) {
        return Counter.builder("switchboard.user.events.published").tag("type", frameType)
                .description("Frames handed to realtime-service for users' sockets").register(registry);
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

    private Uni<Void> send(UUID id, List<UUID> users, boolean everyone, String frameType, String frame) {
        var event = new UserEvent(id, Instant.now(), users, everyone, frameType, frame);
        var key = users.isEmpty() ? null : users.getFirst().toString();
        var record = Message.of(codec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
        // acknowledged by the connector once Kafka has the record, negatively when it gave up on it
        return emitter.sendMessage(record);
    }

    private static void await(List<Uni<Void>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        try {
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        } catch (RuntimeException e) {
            throw new PublishFailed(e);
        }
    }

    /** Kafka refused the frame, or did not acknowledge it in time. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(Throwable cause) {
            super("publishing to " + Topics.USER_EVENTS + " failed: " + cause, cause);
        }
    }
}
