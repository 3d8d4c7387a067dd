package io.switchboard.realtime.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.block.BlockChange;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.ConsumerLoop;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.platform.kafka.KafkaTopics;
import io.switchboard.realtime.chats.BlockLists;

/**
 * Reads every block and unblock chat-service publishes ({@link Topics#USER_BLOCKS}), with no
 * consumer group: each instance reads them all, from its start on (users connecting later are
 * listed with their blocks), applies them to {@link BlockLists} and tells the two users, where
 * connected here, each other's status as they may now see it. After a lost connection to Kafka
 * it reads again from a little before the last change it read, so none is missed (a change read
 * twice changes nothing the second time).
 */
@ApplicationScoped
public class BlockFeed {

    /** The reader's name, and its Kafka client id. */
    private static final String READER = "user-blocks";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(BlockFeed.class);
    /** How far before the last change read a reconnected reader starts: clocks of brokers and hosts differ. */
    private static final long OVERLAP_MILLIS = 5_000;

    private final BlockLists blocks;
    private final Presence presence;
    private final Optional<String> bootstrapServers;
    /** Where to read from after a reconnect: the time of the last change read (or of this start). */
    private volatile long resumeFrom = System.currentTimeMillis();
    private ConsumerLoop loop;

    public BlockFeed(BlockLists blocks, Presence presence,
                     @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers) {
        this.blocks = blocks;
        this.presence = presence;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) {
        if (bootstrapServers.isEmpty()) {
            LOG.warn("Kafka is not configured: blocks made while users are connected show once they reconnect");
            return;
        }
        var servers = bootstrapServers.orElseThrow();
        loop = new ConsumerLoop(READER, () -> KafkaClients.ungroupedReader(servers, READER), POLL, new ConsumerLoop.Handler() {
            @Override
            public void connected(KafkaConsumer<byte[], byte[]> consumer) {
                follow(consumer);
            }

            @Override
            public void handle(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
                for (var record : records) {
                    BlockChange change;
                    try {
                        change = BlockChange.decode(record.value());
                    } catch (RuntimeException e) {
                        LOG.warnf("Skipping an unreadable block change at %s-%d@%d: %s", record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                        continue;
                    }
                    var viewers = blocks.apply(change);
                    resumeFrom = record.timestamp();
                    try {
                        presence.apartChanged(viewers);
                    } catch (RuntimeException e) { // the directory away: the block holds, the status frame is lost
                        LOG.warnf("Could not tell %s of a block change: %s", viewers.keySet(), e.toString());
                    }
                }
            }
        });
        loop.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
    }


    /** Assigns every partition, each from the first change at or after {@link #resumeFrom} less the overlap. */
    private void follow(KafkaConsumer<byte[], byte[]> consumer) {
        long from = resumeFrom - OVERLAP_MILLIS;
        ConsumerLoop.assignAllFrom(consumer, bootstrapServers.orElseThrow(), KafkaTopics.userBlocks(), from);
        LOG.debugf("Reading block changes from %s on", Instant.ofEpochMilli(from));
    }
}
