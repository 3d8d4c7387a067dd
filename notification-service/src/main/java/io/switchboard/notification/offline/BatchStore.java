package io.switchboard.notification.offline;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;

import io.switchboard.notification.presence.Presence;

/**
 * Stores a polled batch of chat events: presence asked once, then one transaction for all of it;
 * if that fails, each partition's share in its own, so that an event that fails on its own holds
 * back only its partition. Says which partitions were not stored, and does not skip anything.
 */
@ApplicationScoped
public class BatchStore {

    private final Presence presence;
    private final OfflineNotifier notifier;

    public BatchStore(Presence presence, OfflineNotifier notifier) {
        this.presence = presence;
        this.notifier = notifier;
    }

    /** The partitions whose share could not be stored, with why; empty when all was. */
    Map<TopicPartition, RuntimeException> store(List<PartitionEvents> batch) {
        Set<UUID> candidates = new HashSet<>();
        batch.forEach(share -> share.events().forEach(event -> candidates.addAll(OfflineNotifier.toNotify(event))));
        Set<UUID> offline = presence.offline(candidates);
        var failed = new LinkedHashMap<TopicPartition, RuntimeException>();
        var whole = attempt(batch, offline);
        if (whole.isEmpty()) {
            return failed;
        }
        if (batch.size() == 1 || unreachable(whole.get())) {
            // no share on its own would fare better
            batch.forEach(share -> failed.put(share.partition(), whole.get()));
            return failed;
        }
        for (var share : batch) {
            attempt(List.of(share), offline).ifPresent(error -> failed.put(share.partition(), error));
        }
        return failed;
    }

    private Optional<RuntimeException> attempt(List<PartitionEvents> shares, Set<UUID> offline) {
        var events = shares.stream().flatMap(share -> share.events().stream()).toList();
        try {
            notifier.apply(events, offline);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e);
        }
    }

    /** The database could not be reached at all (SQLSTATE class 08, connection exception). */
    private static boolean unreachable(Throwable error) {
        for (var cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
