package io.switchboard.realtime.presence;

import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.block.BlockChange;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.BroadcastFeed;
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

    private static final Logger LOG = Logger.getLogger(BlockFeed.class);
    /** How far before the last change read a reconnected reader starts: clocks of brokers and hosts differ. */
    private static final long OVERLAP_MILLIS = 5_000;

    private final BlockLists blocks;
    private final Presence presence;
    private final Optional<String> bootstrapServers;
    /** Where to read from after a reconnect: the time of the last change read (or of this start). */
    private volatile long resumeFrom = System.currentTimeMillis();
    private BroadcastFeed<BlockChange> feed;

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
        feed = new BroadcastFeed<>("user-blocks", bootstrapServers.orElseThrow(), KafkaTopics.userBlocks(),
                () -> resumeFrom - OVERLAP_MILLIS, BlockChange::decode, this::apply);
        feed.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (feed != null) {
            feed.stop();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, BlockChange change) {
        var viewers = blocks.apply(change);
        resumeFrom = record.timestamp();
        try {
            presence.apartChanged(viewers);
        } catch (RuntimeException e) { // the directory away: the block holds, the status frame is lost
            LOG.warnf("Could not tell %s of a block change: %s", viewers.keySet(), e.toString());
        }
    }
}
