package io.switchboard.notification.push;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.KafkaTopics;

/**
 * Creates {@link Topics#USER_EVENTS} when it does not exist yet (this service writes it), as
 * platform's {@link KafkaTopics#userEvents} defines it, before the messaging
 * channels start: they are wired by an observer of the same event with a later priority, so no
 * user event is sent before the topic is there. Kept apart from {@link UserEvents}, whose emitter
 * can only be injected once the channels are wired.
 */
@ApplicationScoped
class UserEventsTopic {

    private final String bootstrapServers;
    private final NewTopic topic;

    UserEventsTopic(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                    @ConfigProperty(name = "switchboard.kafka.user-events.partitions") int partitions,
                    @ConfigProperty(name = "switchboard.kafka.user-events.replication") short replication) {
        this.bootstrapServers = bootstrapServers;
        this.topic = KafkaTopics.userEvents(partitions, replication);
    }

    void create(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) throws Exception {
        KafkaTopics.ensure(bootstrapServers, topic);
    }
}
