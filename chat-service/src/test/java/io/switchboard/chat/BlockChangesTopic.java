package io.switchboard.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.switchboard.contracts.block.BlockChange;
import io.switchboard.contracts.chat.Topics;

/** Reads what Kafka really holds on the block changes topic, as realtime-service would. */
final class BlockChangesTopic {

    private BlockChangesTopic() {
    }

    /** The blocker's changes on the topic, in topic order, once {@code atLeast} arrived (or 30 s passed) and no more came. */
    static List<BlockChange> changesBy(UUID blocker, int atLeast) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var changes = new ArrayList<BlockChange>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.USER_BLOCKS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (changes.size() < atLeast || emptyPolls < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (var record : records) {
                    if (record.key().equals(blocker.toString())) {
                        changes.add(BlockChange.decode(record.value()));
                    }
                }
            }
        }
        return changes;
    }
}
