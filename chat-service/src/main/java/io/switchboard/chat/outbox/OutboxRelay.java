package io.switchboard.chat.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import io.switchboard.contracts.chat.Topics;

/**
 * Publishes the chat event log to Kafka: woken right after each commit that appended events (no
 * polling delay), and sweeping at an interval for anything left over (a failed send, another
 * replica's events, a crash between commit and publish). Events are marked published only once
 * Kafka acknowledged them, so none is lost; a re-publish after a crash carries the same event id
 * and (chat, seq), so consumers recognise it.
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

    private final EntityManager em;
    private final ChatConfig.Outbox config;
    private final String bootstrapServers;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Timer lag;
    private final Counter published;
    private final Counter failures;
    private volatile boolean running;
    private volatile boolean paused;
    private Thread worker;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(EntityManager em, ChatConfig config, MeterRegistry metrics,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.em = em;
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
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake();
        worker.join(Duration.ofSeconds(15));
        producer.close(Duration.ofSeconds(5));
    }

    /** Called after a commit that appended events. */
    public void wake() {
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
            if (pass.failure() != null) {
                throw pass.failure();
            }
            if (pass.published() < 0) {
                if (++attemptsWhileLocked > 50) {
                    return; // another replica keeps publishing; the sweep looks again later
                }
                sleep(LOCK_RETRY);
            } else if (pass.published() < config.batchSize()) {
                return;
            }
        }
    }

    /** What one pass did: how many events Kafka acknowledged (-1: another replica is publishing), and why it stopped early. */
    private record Pass(int published, Exception failure) {
    }

    /**
     * One pass, in one transaction holding the publisher lock. Only the acknowledged prefix of the
     * batch is marked published: after a failed send nothing behind it counts as sent, so the
     * next pass resends from the first failure and a chat's events keep their order.
     */
    private Pass publishBatch() {
        return QuarkusTransaction.requiringNew().call(
                () -> em.unwrap(Session.class).doReturningWork(this::publishBatch));
    }

    private Pass publishBatch(Connection connection) throws SQLException {
        try (var lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, PUBLISHER_LOCK);
            try (var result = lock.executeQuery()) {
                if (!result.next() || !result.getBoolean(1)) {
                    return new Pass(-1, null);
                }
            }
        }
        var rows = new ArrayList<Unpublished>();
        try (var select = connection.prepareStatement("""
                SELECT event_no, chat_id, envelope, created_at FROM chat_events
                WHERE published_at IS NULL ORDER BY event_no LIMIT ?""")) {
            select.setInt(1, config.batchSize());
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Unpublished(result.getLong(1), result.getString(2), result.getString(3),
                            result.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        }
        if (rows.isEmpty()) {
            return new Pass(0, null);
        }
        var pass = send(rows);
        if (pass.published() > 0) {
            try (var update = connection.prepareStatement(
                    "UPDATE chat_events SET published_at = now() WHERE event_no = ANY(?)")) {
                var eventNos = rows.subList(0, pass.published()).stream().map(Unpublished::eventNo).toArray();
                update.setArray(1, connection.createArrayOf("int8", eventNos));
                update.executeUpdate();
            }
        }
        return pass;
    }

    /** An event not yet acknowledged by Kafka. */
    private record Unpublished(long eventNo, String chatId, String envelope, Instant createdAt) {
    }

    /** Sends in order, stopping at the first send that fails at once; the acknowledged prefix. */
    private Pass send(List<Unpublished> rows) {
        var acks = new ArrayList<Future<RecordMetadata>>(rows.size());
        for (Unpublished row : rows) {
            var envelope = row.envelope().getBytes(StandardCharsets.UTF_8);
            var ack = producer.send(new ProducerRecord<>(Topics.CHAT_EVENTS, row.chatId(), envelope));
            acks.add(ack);
            if (ack.isDone() && failed(ack)) {
                break; // e.g. no metadata: later records must not overtake this one
            }
        }
        producer.flush(); // the whole batch leaves now, in one request per broker (see linger.ms)
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                published.increment(i);
                return new Pass(i, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                published.increment(i);
                return new Pass(i, e);
            }
            lag.record(Duration.between(rows.get(i).createdAt(), Instant.now()));
        }
        published.increment(acks.size());
        return new Pass(acks.size(), acks.size() < rows.size() ? new IllegalStateException("send failed") : null);
    }

    private static boolean failed(Future<?> future) {
        try {
            future.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private Properties producerConfig() {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "chat-service-outbox-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // records wait while a batch is being appended and leave together at flush(): fewer, fuller
        // produce requests; flush() means a batch never waits for the linger itself
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return props;
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
