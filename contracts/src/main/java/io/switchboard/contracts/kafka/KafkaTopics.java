package io.switchboard.contracts.kafka;

import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates a topic a service needs when it does not exist yet (whoever comes first wins). */
public final class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private KafkaTopics() {
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
