package io.switchboard.notification.offline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.kafka.ConsumerLoop;
import io.switchboard.notification.presence.Presence;

/**
 * Reads chat-service's events (consumer group {@value #GROUP}; the service's instances share
 * them) and keeps the offline notifications current. Presence is asked once per batch; offsets
 * are committed after the batch is stored, so an event is handled at least once, and handling
 * one twice changes nothing.
 */
@ApplicationScoped
public class ChatEventConsumer {

    public static final String GROUP = "switchboard-notifications";

    private static final Logger LOG = Logger.getLogger(ChatEventConsumer.class);

    private final String bootstrapServers;
    private final Presence presence;
    private final OfflineNotifier notifier;
    private final ChatEventCodec codec = new ChatEventCodec();
    private final ConsumerLoop loop;

    public ChatEventConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             Presence presence, OfflineNotifier notifier) {
        this.bootstrapServers = bootstrapServers;
        this.presence = presence;
        this.notifier = notifier;
        this.loop = new ConsumerLoop("chat-event-consumer", this::properties, Duration.ofMillis(500), new Consuming());
    }

    void start(@Observes StartupEvent startup) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    /** True once the consumer has its partitions (the readiness check waits for it). */
    public boolean isJoined() {
        return loop.isJoined();
    }

    private final class Consuming implements ConsumerLoop.Handler {

        @Override
        public void connected(KafkaConsumer<byte[], byte[]> kafka) {
            // every batch is committed once stored: nothing to hand over on revocation
            loop.subscribe(kafka, List.of(Topics.CHAT_EVENTS), partitions -> { });
        }

        @Override
        public void handle(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
            ChatEventConsumer.this.handle(records);
            kafka.commitSync();
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        var events = new ArrayList<ChatEvent>();
        for (var record : records) {
            try {
                events.add(codec.decode(record.value()));
            } catch (ChatEventCodec.UnknownEventTypeException e) {
                // a newer chat-service's event: nothing to notify about
            } catch (RuntimeException e) {
                LOG.warnf("Skipping an unreadable chat event at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.toString());
            }
        }
        Set<UUID> candidates = new HashSet<>();
        events.forEach(event -> candidates.addAll(OfflineNotifier.toNotify(event)));
        Set<UUID> offline = presence.offline(candidates);
        notifier.apply(events, offline);
    }

    private Properties properties() {
        var props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                // A new deployment starts from now: it does not notify about history.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.CLIENT_ID_CONFIG, "notification-chat-events"));
        return props;
    }
}
