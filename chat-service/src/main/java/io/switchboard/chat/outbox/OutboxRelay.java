package io.switchboard.chat.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.chat.event.ChatEvents;
import io.switchboard.chat.event.EventsAppended;
import io.switchboard.chat.event.Unpublished;

/**
 * Publishes the chat event log to Kafka: woken right after each commit that appended events (no
 * polling delay), and sweeping at an interval for anything left over (a failed send, another
 * replica's events, a crash between commit and publish). Events are marked published only once
 * Kafka acknowledged them, so none is lost, and an event is sent again only when Kafka refused
 * it, so none is published twice while this process lives ({@link OutboxProducer} explains why
 * it waits for a stalled broker rather than giving up). A re-publish after a crash carries the
 * same event id and (chat, seq), so consumers recognise it.
 *
 * <p>One publisher at a time across all replicas: each pass holds a PostgreSQL advisory lock
 * and sends in event_no order, which within a chat is seq order. Records are keyed by chat id,
 * so a chat's events stay in one partition, in order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key for "the one publishing replica" ("outbox" in ASCII). */
    private static final long PUBLISHER_LOCK = 0x6f7574626f78L;
    private static final Duration LOCK_RETRY = Duration.ofMillis(20);
    /**
     * A pass's transaction lasts as long as Kafka takes to answer, and its advisory lock keeps
     * other replicas from sending the same events meanwhile: the default timeout (60 s) would
     * end both in the middle of a broker stall.
     */
    private static final int PASS_TIMEOUT_SECONDS = (int) Duration.ofDays(1).toSeconds();

    private final EntityManager em;
    private final ChatEvents events;
    private final ChatConfig.Outbox config;
    private final String bootstrapServers;
    private final Semaphore wakeUps = new Semaphore(0);
    /**
     * Events Kafka acknowledged whose published_at may not be written (the pass's transaction
     * failed after the acknowledgement): the next pass marks them without sending them again.
     * The relay's thread alone uses it.
     */
    private final Set<Long> acknowledged = new HashSet<>();
    private final Timer lag;
    private final Counter published;
    private final Counter failures;
    private volatile boolean running;
    private volatile boolean paused;
    private Thread worker;
    private OutboxProducer producer;

    public OutboxRelay(EntityManager em, ChatEvents events, ChatConfig config, MeterRegistry metrics,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.em = em;
        this.events = events;
        this.config = config.outbox();
        this.bootstrapServers = bootstrapServers;
        this.lag = Timer.builder("switchboard.outbox.publish.lag")
                .description("From an event's commit to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(metrics);
        this.published = Counter.builder("switchboard.outbox.published").register(metrics);
        this.failures = Counter.builder("switchboard.outbox.failures").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        producer = new OutboxProducer(bootstrapServers);
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake();
        worker.join(Duration.ofSeconds(15));
        producer.close(); // ends a pass still waiting for a stalled broker: its events stay unpublished
    }

    /** After a commit that appended events. */
    void appended(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventsAppended appended) {
        wake();
    }

    private void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Stops publishing until {@link #resume()}: lets tests hold events between commit and publish. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        wake();
    }

    private void run() {
        new TopicSetup(bootstrapServers, config).ensureTopic(() -> running);
        var backoff = Duration.ZERO;
        while (running) {
            try {
                if (!paused) {
                    publishAll();
                }
                backoff = Duration.ZERO;
                await(config.sweepInterval());
            } catch (Exception e) {
                failures.increment();
                backoff = backoff.isZero() ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), Duration.ofSeconds(5));
                LOG.warnf("publishing chat events failed (%s); retrying in %d ms", rootMessage(e), backoff.toMillis());
                sleep(backoff);
            }
        }
    }

    /** Publishes until nothing is left, waiting briefly while another replica holds the lock. */
    private void publishAll() throws Exception {
        int attemptsWhileLocked = 0;
        while (running && !paused) {
            var pass = publishBatch();
            acknowledged.removeAll(pass.marked()); // committed
            if (pass.failure() != null) {
                throw pass.failure();
            }
            if (pass.selected() < 0) {
                if (++attemptsWhileLocked > 50) {
                    return; // another replica keeps publishing; the sweep looks again later
                }
                sleep(LOCK_RETRY);
            } else if (pass.selected() < config.batchSize()) {
                return;
            }
        }
    }

    /**
     * What one pass did: how many unpublished events it found (-1: another replica is
     * publishing), which it marked published, and why it stopped early.
     */
    private record Pass(int selected, List<Long> marked, Exception failure) {
        static final Pass LOCKED = new Pass(-1, List.of(), null);
    }

    /**
     * One pass, in one transaction holding the publisher lock. Every event Kafka acknowledged is
     * marked published, and only those: an event it refused is sent again by the next pass, after
     * the backoff.
     */
    private Pass publishBatch() {
        return QuarkusTransaction.requiringNew().timeout(PASS_TIMEOUT_SECONDS).call(
                () -> em.unwrap(Session.class).doReturningWork(this::publishBatch));
    }

    /** SQL for the lock: a transaction-scoped advisory lock, which the ORM has no notion of. */
    private Pass publishBatch(Connection connection) throws SQLException {
        try (var lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, PUBLISHER_LOCK);
            try (var result = lock.executeQuery()) {
                if (!result.next() || !result.getBoolean(1)) {
                    return Pass.LOCKED;
                }
            }
        }
        var rows = events.unpublished(connection, config.batchSize());
        if (rows.size() < config.batchSize()) {
            // every unpublished event is in rows: one remembered but not among them is marked already
            acknowledged.retainAll(rows.stream().map(Unpublished::eventNo).toList());
        }
        if (rows.isEmpty()) {
            return new Pass(0, List.of(), null);
        }
        var outcome = producer.send(rows.stream().filter(r -> !acknowledged.contains(r.eventNo())).toList());
        var now = Instant.now();
        for (Unpublished row : outcome.acknowledged()) {
            acknowledged.add(row.eventNo());
            lag.record(Duration.between(row.createdAt(), now));
        }
        published.increment(outcome.acknowledged().size());
        var marked = rows.stream().map(Unpublished::eventNo).filter(acknowledged::contains).toList();
        events.markPublished(connection, marked);
        return new Pass(rows.size(), marked, outcome.failure());
    }

    private void await(Duration timeout) {
        try {
            wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            wakeUps.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration); // backoff between attempts of the relay's own loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
