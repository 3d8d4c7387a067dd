package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.kafka.ConsumerLoop;
import io.switchboard.platform.kafka.KafkaTopics;

/**
 * The shared consumer loop (contracts), as the routers and notification-service run it, on the
 * real broker: a partition its group never read, once assigned and left, is taken over where the
 * first member started, so records written between the two owners are not skipped.
 */
@QuarkusTest
class ConsumerGroupHandoverTest extends DevStackResources {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aRecordWrittenBetweenTwoOwnersOfANeverReadPartitionReachesTheSecond() throws Exception {
        var topic = "handover-" + UUID.randomUUID();
        var group = "handover-" + UUID.randomUUID();
        KafkaTopics.ensure(bootstrapServers, new NewTopic(topic, 1, (short) 1));

        var first = member(topic, group, new CopyOnWriteArrayList<>());
        first.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(first::isJoined);
        first.stop();

        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "written between owners")).get();
        }

        var received = new CopyOnWriteArrayList<String>();
        var second = member(topic, group, received);
        second.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            assertThat(received).containsExactly("written between owners");
        } finally {
            second.stop();
        }
    }

    private ConsumerLoop member(String topic, String group, List<String> received) {
        var loop = new ConsumerLoop[1];
        loop[0] = new ConsumerLoop("handover-test", () -> {
            var props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            return props;
        }, Duration.ofMillis(100), new ConsumerLoop.Handler() {
            @Override
            public void connected(KafkaConsumer<byte[], byte[]> consumer) {
                loop[0].subscribe(consumer, List.of(topic), partitions -> { });
            }

            @Override
            public void handle(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
                records.forEach(record -> received.add(new String(record.value())));
            }
        });
        return loop[0];
    }
}
