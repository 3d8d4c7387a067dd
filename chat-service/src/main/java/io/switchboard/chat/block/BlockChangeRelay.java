package io.switchboard.chat.block;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.contracts.block.BlockChange;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.platform.kafka.KafkaTopics;

/**
 * Tells realtime-service of blocks and unblocks, so that it stops (or resumes) showing the two
 * users' presence and typing to each other on sockets already open. {@link #record} writes the
 * change to {@code block_changes} in the transaction that makes it; a relay thread, woken once
 * that transaction committed and every {@code chat.outbox.sweep-interval} in any case, sends the
 * waiting changes in order to {@link Topics#USER_BLOCKS} and deletes them once Kafka acknowledged
 * them. With Kafka away the changes wait (the block itself holds at once for sends and new
 * chats, which chat-service checks); one replica publishes at a time (an advisory lock), so a
 * pair's changes keep their order.
 */
@ApplicationScoped
public class BlockChangeRelay {

    private static final Logger LOG = Logger.getLogger(BlockChangeRelay.class);
    /** Advisory lock key for "the one replica publishing block changes" ("blocks" in ASCII). */
    private static final long PUBLISHER_LOCK = 0x626c6f636b73L;
    private static final int BATCH = 500;

    private final EntityManager em;
    private final Optional<String> bootstrapServers;
    private final Duration sweepInterval;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread relay;
    private KafkaProducer<String, byte[]> producer;
    private boolean topicReady;
    private boolean failing;

    public BlockChangeRelay(EntityManager em, ChatConfig config,
                            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers) {
        this.em = em;
        this.bootstrapServers = bootstrapServers;
        this.sweepInterval = config.outbox().sweepInterval();
    }

    /**
     * Queues the change for publication; {@link #wake} once the transaction committed.
     * SQL: block_changes is a queue the relay reads and deletes on its own connection; no entity.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void record(UUID blocker, UUID blocked, boolean isBlocked) {
        em.createNativeQuery("INSERT INTO block_changes (blocker_id, blocked_id, blocked, created_at)"
                        + " VALUES (?1, ?2, ?3, now())")
                .setParameter(1, blocker).setParameter(2, blocked).setParameter(3, isBlocked).executeUpdate();
    }

    /** Publishes what waits now rather than at the next sweep: called after a change committed. */
    void wake() {
        wake.release();
    }

    void start(@Observes StartupEvent startup) {
        if (bootstrapServers.isEmpty()) {
            return;
        }
        running = true;
        relay = Thread.ofVirtual().name("block-change-relay").start(this::relay);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaClients.stopRelay(relay, producer);
    }

    private void relay() {
        while (running) {
            try {
                wake.tryAcquire(sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                while (running && publishBatch() == BATCH) {
                    // a full batch: more may wait
                }
                if (failing) {
                    LOG.info("Block changes are published again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // Kafka or the database away: the rows wait for the next round
                if (!failing) {
                    LOG.warnf("Cannot publish block changes yet (%s); they stay queued and are retried", e.toString());
                }
                failing = true;
            }
        }
    }

    /** Sends up to {@value #BATCH} waiting changes and deletes those Kafka took; how many it found. */
    private int publishBatch() {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(this::publishBatch));
    }

    /** SQL: an advisory lock, then select and {@code ANY(array)} delete, all on the pass's one connection. */
    private int publishBatch(Connection connection) throws SQLException {
        try (var lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, PUBLISHER_LOCK);
            try (var result = lock.executeQuery()) {
                if (!result.next() || !result.getBoolean(1)) {
                    return 0; // another replica publishes; this one looks again next round
                }
            }
        }
        var ids = new ArrayList<Long>();
        var sent = new ArrayList<Future<RecordMetadata>>();
        try (var select = connection.prepareStatement(
                "SELECT id, blocker_id, blocked_id, blocked, created_at FROM block_changes ORDER BY id LIMIT ?")) {
            select.setInt(1, BATCH);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    var change = new BlockChange(rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                            rows.getBoolean(4), rows.getObject(5, OffsetDateTime.class).toInstant());
                    ids.add(rows.getLong(1));
                    sent.add(producer().send(new ProducerRecord<>(Topics.USER_BLOCKS, change.blockerId().toString(),
                            change.encode())));
                }
            }
        }
        for (var future : sent) {
            try {
                future.get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not take a block change", e); // nothing deleted
            }
        }
        if (!ids.isEmpty()) {
            try (var delete = connection.prepareStatement("DELETE FROM block_changes WHERE id = ANY(?)")) {
                delete.setArray(1, connection.createArrayOf("int8", ids.toArray()));
                delete.executeUpdate();
            }
        }
        return ids.size();
    }

    private KafkaProducer<String, byte[]> producer() {
        var servers = bootstrapServers.orElseThrow();
        if (!topicReady) {
            try {
                KafkaTopics.ensure(servers, KafkaTopics.userBlocks());
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + Topics.USER_BLOCKS, e);
            }
            topicReady = true;
        }
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaClients.acknowledgedProducer(servers), new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }
}
