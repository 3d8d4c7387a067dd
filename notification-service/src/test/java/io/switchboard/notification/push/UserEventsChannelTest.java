package io.switchboard.notification.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.notification.DevStackResources;
import io.switchboard.platform.kafka.KafkaClients;

/**
 * The user-events channel writes where and as the hand-written producer did: the topic this
 * service creates, with every service's acknowledged producer settings and the brokers (and
 * connection settings) of {@code kafka.*}.
 */
@QuarkusTest
class UserEventsChannelTest extends DevStackResources {

    @Inject
    KafkaClientService clients;

    @ConfigProperty(name = "switchboard.kafka.user-events.partitions")
    int partitions;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.outgoing.user-events.topic")
    String topic;

    @Test
    void itsProducerIsTheAcknowledgedProducerOfKafkaClientsOnTheServicesBrokers() {
        Map<String, Object> producer = Map.copyOf(clients.getProducer(UserEvents.CHANNEL).configuration());

        KafkaClients.acknowledgedProducer(bootstrapServers).forEach((setting, value) ->
                assertThat(producer).as(setting.toString()).containsEntry(setting.toString(), value));
        assertThat(producer).containsEntry("bootstrap.servers", bootstrapServers)
                .containsEntry("linger.ms", "1")
                .containsEntry("client.id", "notification-user-events");
    }

    @Test
    void itWritesTheUserEventsTopicWhichThisServiceCreatedWithItsPartitions() throws Exception {
        assertThat(topic).isEqualTo(Topics.USER_EVENTS);
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var described = admin.describeTopics(List.of(Topics.USER_EVENTS)).allTopicNames().get().get(Topics.USER_EVENTS);
            assertThat(described.partitions()).hasSize(partitions);
        }
    }
}
