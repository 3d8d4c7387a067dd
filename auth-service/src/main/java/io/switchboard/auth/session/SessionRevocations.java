package io.switchboard.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.auth.config.AuthConfig;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.KafkaClients;
import io.switchboard.contracts.security.SessionRevocation;

/**
 * Ends sessions everywhere, not just here: a revoked session's access tokens stay valid until
 * they expire unless every service is told. {@link #record} writes one row per session in the
 * transaction that revokes its refresh tokens (so a revocation is never lost, even with Kafka
 * down); a relay thread sends the unpublished rows to {@link Topics#SESSION_REVOCATIONS} as soon
 * as that transaction commits (and every {@code auth.revocations.publish-interval} in any case,
 * which retries what Kafka did not take), and marks them. Every service reads that topic
 * ({@code RevocationFeed}), refuses the session's tokens and closes its sockets.
 */
@ApplicationScoped
public class SessionRevocations {

    private static final Logger LOG = Logger.getLogger(SessionRevocations.class);
    private static final int BATCH = 500;
    /** Beyond the access token's lifetime, for the verifiers' clock skew. */
    private static final Duration SKEW = Duration.ofMinutes(2);

    private final Duration accessTokenTtl;
    private final Duration publishInterval;
    private final TransactionSynchronizationRegistry transactions;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread relay;
    private final Optional<String> bootstrapServers;
    private final MeterRegistry metrics;
    private KafkaProducer<String, byte[]> producer;
    private boolean failing;
    /** Revocations the last publishing round found and could not send (0 once they went out). */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    public SessionRevocations(AuthConfig config,
                              @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers,
                              MeterRegistry metrics, TransactionSynchronizationRegistry transactions) {
        this.accessTokenTtl = config.accessTokenTtl();
        this.publishInterval = config.revocations().publishInterval();
        this.transactions = transactions;
        this.bootstrapServers = bootstrapServers;
        this.metrics = metrics;
        metrics.gauge("switchboard_session_revocations_waiting", waiting);
    }

    /** Records that these sessions of the user ended; published once the transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID userId, Collection<UUID> sessions) {
        var now = Instant.now();
        for (var sid : sessions) {
            var row = new SessionRevocationRow();
            row.sid = sid;
            row.userId = userId;
            row.until = now.plus(accessTokenTtl).plus(SKEW);
            row.createdAt = now;
            row.persist();
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake.release();
                }
            }
        });
    }

    void start(@Observes StartupEvent startup) {
        if (bootstrapServers.isEmpty()) {
            LOG.warn("Kafka is not configured: ended sessions are not published, and other services accept their"
                    + " access tokens until they expire");
            return;
        }
        running = true;
        relay = Thread.ofVirtual().name("session-revocations-relay").start(this::relay);
    }

    /** Publishes as soon as a revocation commits, and every {@code publishInterval} in any case (retries). */
    private void relay() {
        while (running) {
            try {
                wake.tryAcquire(publishInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                publish();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // the database away, say: the rows wait, and the next round tries again
                LOG.warnf("Cannot read the session revocations to publish: %s", e.toString());
            }
        }
    }

    void publish() {
        List<SessionRevocationRow> rows = QuarkusTransaction.requiringNew().call(() ->
                SessionRevocationRow.<SessionRevocationRow>find("publishedAt is null order by id").page(0, BATCH).list());
        if (rows.isEmpty()) {
            return;
        }
        try {
            var sent = new java.util.ArrayList<java.util.concurrent.Future<RecordMetadata>>();
            for (var row : rows) {
                var revocation = new SessionRevocation(row.sid.toString(), row.userId.toString(), row.until);
                sent.add(producer().send(new ProducerRecord<>(Topics.SESSION_REVOCATIONS, row.userId.toString(),
                        revocation.encode())));
            }
            for (var future : sent) {
                future.get(15, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (!failing) {
                LOG.warnf("Cannot publish %d session revocation(s) yet (%s); they stay queued and are retried",
                        rows.size(), e.toString());
            }
            failing = true;
            waiting.set(rows.size());
            return;
        }
        if (failing) {
            LOG.info("Session revocations are published again");
        }
        failing = false;
        waiting.set(0);
        var ids = rows.stream().map(row -> row.id).toList();
        QuarkusTransaction.requiringNew().run(() ->
                SessionRevocationRow.update("publishedAt = ?1 where id in ?2", Instant.now(), ids));
        metrics.counter("switchboard_session_revocations_published_total").increment(ids.size());
    }

    /** Deletes published revocations whose tokens expired a day ago or more; called periodically. */
    @Transactional
    public long purge() {
        return SessionRevocationRow.delete("publishedAt is not null and until < ?1", Instant.now().minus(Duration.ofDays(1)));
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaClients.acknowledgedProducer(bootstrapServers.orElseThrow()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() throws InterruptedException {
        running = false;
        KafkaClients.stopRelay(relay, producer);
    }
}
