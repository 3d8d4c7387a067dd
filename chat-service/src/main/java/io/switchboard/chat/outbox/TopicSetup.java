package io.switchboard.chat.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.contracts.chat.Topics;

/** Creates the chat events topic if it does not exist, retrying until Kafka answers. */
final class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private final String bootstrapServers;
    private final ChatConfig.Outbox config;

    TopicSetup(String bootstrapServers, ChatConfig.Outbox config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    void ensureTopic(BooleanSupplier keepTrying) {
        while (keepTrying.getAsBoolean()) {
            var properties = KafkaClients.connection(bootstrapServers);
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            try (var admin = Admin.create(properties)) {
                var topic = new NewTopic(Topics.CHAT_EVENTS, config.topicPartitions(), config.topicReplication());
                admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
                LOG.infof("created topic %s with %d partitions", Topics.CHAT_EVENTS, config.topicPartitions());
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return;
                }
                LOG.warnf("cannot create topic %s yet: %s", Topics.CHAT_EVENTS, e.getCause().toString());
            } catch (Exception e) {
                LOG.warnf("cannot create topic %s yet: %s", Topics.CHAT_EVENTS, e.toString());
            }
            try {
                Thread.sleep(Duration.ofSeconds(1)); // Kafka not reachable yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
