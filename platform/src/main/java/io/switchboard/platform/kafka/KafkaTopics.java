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

/**
 * The topics more than one service touches, each defined here once, and their creation: a
 * service that needs one creates it when it does not exist yet, with this definition (whoever
 * comes first wins, so both create the same topic). Production declares them in
 * {@code k8s/base/topics.yaml} instead.
 */
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

    /**
     * {@link Topics#USER_EVENTS}: written by notification-service, routed by realtime-service, with
     * the partitions and replication of {@code switchboard.kafka.user-events.*}, whichever creates it.
     */
    public static NewTopic userEvents(int partitions, short replication) {
        return new NewTopic(Topics.USER_EVENTS, partitions, replication);
    }

    /** {@link Topics#SESSION_REVOCATIONS}: one partition (revocations are few), the broker's replication, kept a day. */
    public static NewTopic sessionRevocations() {
        return new NewTopic(Topics.SESSION_REVOCATIONS, Optional.of(1), Optional.empty())
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
