package io.switchboard.notification.offline;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;

import io.switchboard.notification.presence.OfflineTimes;
import io.switchboard.notification.presence.Presence;

/**
 * Stores a polled batch of chat events: each partition's share addressed (whom its events are
 * for); who already has an unread notification of the batch's chats read once; presence asked
 * once, only for the recipients who have none, as it was when each message was sent; then one
 * transaction for all of it; if that fails, each partition's
 * share in its own, so that an event that fails on its own holds back only its partition. A share
 * whose recipients chat-service could not tell is held back the same way. Says which partitions
 * were not stored, and does not skip anything.
 */
@ApplicationScoped
public class BatchStore {

    /** A partition's share with whom each of its events is for. */
    private record Share(PartitionEvents events, List<Addressed> addressed) {

        TopicPartition partition() {
            return events.partition();
        }
    }

    private final Recipients recipients;
    private final Presence presence;
    private final OfflineNotifier notifier;

    public BatchStore(Recipients recipients, Presence presence, OfflineNotifier notifier) {
        this.recipients = recipients;
        this.presence = presence;
        this.notifier = notifier;
    }

    /** The partitions whose share could not be stored, with why; empty when all was. */
    Map<TopicPartition, RuntimeException> store(List<PartitionEvents> batch) {
        var failed = new LinkedHashMap<TopicPartition, RuntimeException>();
        var shares = new ArrayList<Share>();
        for (var events : batch) {
            try {
                shares.add(new Share(events, recipients.of(events)));
            } catch (RuntimeException e) {
                // chat-service could not say whom its events are for: this share waits, the others go on
                failed.put(events.partition(), e);
            }
        }
        if (shares.isEmpty()) {
            return failed;
        }
        var events = shares.stream().flatMap(share -> share.addressed().stream()).toList();
        Map<UUID, Set<UUID>> open;
        try {
            open = notifier.open(events);
        } catch (RuntimeException e) {
            shares.forEach(share -> failed.put(share.partition(), e));
            return failed;
        }
        var candidates = OfflineNotifier.candidates(events, open);
        var offline = presence.between(candidates.users(), candidates.from(), candidates.until());
        var whole = attempt(shares, open, offline);
        if (whole.isEmpty()) {
            return failed;
        }
        if (shares.size() == 1 || unreachable(whole.get())) {
            // no share on its own would fare better
            shares.forEach(share -> failed.put(share.partition(), whole.get()));
            return failed;
        }
        for (var share : shares) {
            attempt(List.of(share), open, offline).ifPresent(error -> failed.put(share.partition(), error));
        }
        return failed;
    }

    /** Partitions this consumer no longer holds. */
    void forget(Collection<TopicPartition> partitions) {
        recipients.forget(partitions);
    }

    private Optional<RuntimeException> attempt(List<Share> shares, Map<UUID, Set<UUID>> open, OfflineTimes offline) {
        var events = shares.stream().flatMap(share -> share.addressed().stream()).toList();
        try {
            notifier.apply(events, open, offline);
        } catch (RuntimeException e) {
            return Optional.of(e);
        }
        shares.forEach(share -> recipients.stored(share.events()));
        return Optional.empty();
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
