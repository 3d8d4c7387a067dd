package io.switchboard.platform.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import io.switchboard.contracts.chat.Topics;

/** Creates a topic a service needs when it does not exist yet (whoever comes first wins). */
public final class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    /**
     * {@link Topics#USER_BLOCKS}: one partition (blocks are few, and one keeps them in order), the
     * broker's replication, kept a day (a change matters to the sockets open when it is made).
     */
    public static NewTopic userBlocks() {
        return new NewTopic(Topics.USER_BLOCKS, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis())));
    }

    public static void ensure(String bootstrapServers, NewTopic topic) throws Exception {
        try (var admin = Admin.create(KafkaClients.connection(bootstrapServers))) {
            admin.createTopics(List.of(topic)).all().get();
            LOG.infof("Created topic %s with %d partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
