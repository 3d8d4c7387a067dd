package io.switchboard.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.security.SessionRevocation;
import io.switchboard.platform.kafka.BroadcastFeed;
import io.switchboard.platform.kafka.KafkaTopics;

/**
 * Every service's reader of {@link Topics#SESSION_REVOCATIONS}: no consumer group (each instance
 * reads every partition, and commits nothing), starting {@code switchboard.revocations.lookback}
 * back (longer than an access token lives, so that an instance started now knows every
 * revocation whose tokens could still be presented), then following the topic as auth-service
 * writes it, into {@link RevokedSessions}. A revocation reaches every instance within a poll.
 * It creates the topic if it is missing, so that no service waits for another to start.
 */
@ApplicationScoped
public class RevocationFeed {

    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);

    private final RevokedSessions revoked;
    private final Optional<String> bootstrapServers;
    private final Duration lookback;
    private final boolean enabled;
    private BroadcastFeed<SessionRevocation> feed;

    public RevocationFeed(RevokedSessions revoked,
                          @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers,
                          @ConfigProperty(name = "switchboard.revocations.lookback", defaultValue = "20M") Duration lookback,
                          @ConfigProperty(name = "switchboard.revocations.enabled", defaultValue = "true") boolean enabled) {
        this.revoked = revoked;
        this.bootstrapServers = bootstrapServers;
        this.lookback = lookback;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled || bootstrapServers.isEmpty()) {
            LOG.warn("Session revocations are not read (switchboard.revocations.enabled is false or Kafka is not"
                    + " configured): a revoked session's access tokens stay valid until they expire");
            return;
        }
        LOG.infof("Reading ended sessions of the last %s (%s)", lookback, Topics.SESSION_REVOCATIONS);
        feed = new BroadcastFeed<>("session-revocations", bootstrapServers.orElseThrow(), KafkaTopics.sessionRevocations(),
                () -> Instant.now().minus(lookback).toEpochMilli(), SessionRevocation::decode,
                BroadcastFeed.values(revoked::add));
        feed.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (feed != null) {
            feed.stop();
        }
    }
}
