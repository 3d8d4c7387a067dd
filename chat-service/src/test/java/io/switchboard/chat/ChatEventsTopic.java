package io.switchboard.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.Topics;

/** Reads what Kafka really holds on the chat events topic, as a consumer service would. */
public final class ChatEventsTopic {

    private static final ChatEventCodec CODEC = new ChatEventCodec();

    private ChatEventsTopic() {
    }

    /** Every event of the chat on the topic, in topic order, once {@code atLeast} arrived (or 60 s passed). */
    public static List<ChatEvent> eventsOf(String chatId, int atLeast) {
        return recordsOf(chatId, atLeast).stream().map(CODEC::decode).toList();
    }

    /** The same, as the JSON the topic holds. */
    public static List<String> recordsOf(String chatId, int atLeast) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        var events = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CHAT_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (events.size() < atLeast || emptyPolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (var record : records) {
                    if (record.key().equals(chatId)) {
                        events.add(record.value());
                    }
                }
            }
        }
        return events;
    }
}
