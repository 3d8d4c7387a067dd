package io.switchboard.notification.offline;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

import io.switchboard.notification.members.MembersUnavailable;

/**
 * The partitions whose events could not be stored and wait to be tried again. The consumer
 * rewinds such a partition to its first unstored record and pauses it for its backoff, so nothing
 * after that record is handled or committed before it. Changed by the consumer's thread, read by
 * the readiness check.
 */
final class PartitionRetries {

    /** One partition waiting: the record it waits at, how often and since when it failed, and when it goes on. */
    record Retry(long offset, int attempts, Instant since, String lastError, Optional<Instant> resumeAt) {

        Retry resumed() {
            return new Retry(offset, attempts, since, lastError, Optional.empty());
        }
    }

    /** What readiness reports while any partition waits. */
    record Stuck(Instant since, int attempts, String lastError, List<String> waitingAt) {
    }

    private final Map<TopicPartition, Retry> retries = new ConcurrentHashMap<>();
    private final Backoff backoff;

    PartitionRetries(Backoff backoff) {
        this.backoff = backoff;
    }

    /** The partition's events from {@code offset} on failed to store; it waits, a little longer each time. */
    Retry failed(TopicPartition partition, long offset, RuntimeException error, Instant now) {
        return retries.compute(partition, (key, previous) -> {
            int attempts = previous == null ? 1 : previous.attempts() + 1;
            var since = previous == null ? now : previous.since();
            return new Retry(offset, attempts, since, describe(error), Optional.of(now.plus(backoff.after(attempts))));
        });
    }

    /** The partition's events were stored; how it had waited, if it had. */
    Optional<Retry> stored(TopicPartition partition) {
        return Optional.ofNullable(retries.remove(partition));
    }

    /** The paused partitions whose wait is over, to be resumed now; until they fail again they are not due. */
    List<TopicPartition> due(Instant now) {
        var due = retries.entrySet().stream()
                .filter(entry -> entry.getValue().resumeAt().filter(at -> !at.isAfter(now)).isPresent())
                .map(Map.Entry::getKey)
                .toList();
        due.forEach(partition -> retries.computeIfPresent(partition, (key, retry) -> retry.resumed()));
        return due;
    }

    /** Partitions this consumer no longer holds: whoever holds them next reads from the last commit. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(retries::remove);
    }

    void clear() {
        retries.clear();
    }

    Optional<Stuck> stuck() {
        var waiting = List.copyOf(retries.entrySet());
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        var latest = waiting.stream().map(Map.Entry::getValue).max(Comparator.comparingInt(Retry::attempts)).orElseThrow();
        var since = waiting.stream().map(entry -> entry.getValue().since()).min(Comparator.naturalOrder()).orElseThrow();
        var at = waiting.stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().toString()))
                .map(entry -> entry.getKey() + "@" + entry.getValue().offset())
                .toList();
        return Optional.of(new Stuck(since, latest.attempts(), latest.lastError(), at));
    }

    /**
     * The innermost cause says what went wrong ("Connection refused"); the wrappers only say where,
     * except that a failure to read a chat's members says it was chat-service that failed.
     */
    static String describe(Throwable error) {
        String where = null;
        var root = error;
        for (var cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MembersUnavailable members) {
                where = members.getMessage();
            }
            root = cause;
        }
        var what = root.getClass().getSimpleName() + ": " + root.getMessage();
        return where == null ? what : where + ": " + what;
    }
}
