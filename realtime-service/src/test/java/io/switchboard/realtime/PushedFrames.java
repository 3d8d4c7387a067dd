package io.switchboard.realtime;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.push.UserEventCodec;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ServerEvent;

/** Publishes user events to the real Kafka topic, as notification-service does. */
@ApplicationScoped
public class PushedFrames {

    private final String bootstrapServers;
    private final UserEventCodec codec = new UserEventCodec();
    private final ProtocolCodec protocol = new ProtocolCodec();
    private KafkaProducer<String, byte[]> producer;

    public PushedFrames(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        producer.close();
    }

    /** A push API event for these users ({@code everyone}: for all). */
    public void event(List<UUID> users, boolean everyone, String name, JsonNode data) throws Exception {
        var now = Instant.now();
        var frame = protocol.encode(new ServerEvent.Event(name, data, now));
        var event = new UserEvent(UUID.randomUUID(), now, users, everyone, "event", frame);
        var key = users.isEmpty() ? null : users.getFirst().toString();
        producer.send(new ProducerRecord<>(Topics.USER_EVENTS, key, codec.encode(event))).get();
    }
}
