package io.switchboard.e2e;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatRosters;

/**
 * What one client received, compared with chat-service's event log: the events it should have had
 * and never got, those it got twice, and those that came after a later one on the same socket.
 * Pure logic, so that it is checked by a unit test with a view that has each fault.
 *
 * <ul>
 *   <li>Expected: every event of the log after the client's baseline (the seq of each chat it had
 *   before its first connect, and resumed from) that was for the client's user: the chat's members
 *   when it happened, and a member it removes ({@link LogEvent#of}).</li>
 *   <li>Missing: expected, and never received (live, in a replay, or reloaded over REST).</li>
 *   <li>Duplicated: a (chat, seq) received again, on any connection.</li>
 *   <li>Out of order: an event received for the first time on a socket after one of the same chat
 *   with a higher seq on that same socket (repeats count as duplicated only; REST reloads, which
 *   are not a stream, are not ordered).</li>
 *   <li>Not in the log: received after the baseline, but not in the log for this user.</li>
 * </ul>
 */
final class DeliveryCheck {

    private DeliveryCheck() {
    }

    /** One event of a chat's log, the users it was for, and when chat-service wrote it. */
    record LogEvent(String chatId, long seq, Set<String> recipients, Instant time) {

        /**
         * The event, for whom {@code rosters} says it was. Events do not name their recipients: the
         * rosters follow each chat's members through its membership events, so they must be given
         * every event of a chat in seq order. Before an event whose members they do not know (the
         * first one given is not the chat's creation) they ask their loader.
         */
        static LogEvent of(ChatEvent event, ChatRosters rosters) {
            var recipients = rosters.recipients(event).stream().map(UUID::toString)
                    .collect(Collectors.toUnmodifiableSet());
            return new LogEvent(event.chatId().toString(), event.seq(), recipients, event.time());
        }
    }

    /** One event as a client received it: connection 1, 2, ... are its sockets in order; 0 a reload over REST. */
    record Arrival(String chatId, long seq, int connection) {
    }

    /** A client's view: per chat, the seq it started after; what it received, in arrival order. */
    record View(String client, String userId, Map<String, Long> baseline, List<Arrival> arrivals,
                boolean stayedConnected) {
    }

    enum Kind { MISSING, DUPLICATED, OUT_OF_ORDER, NOT_IN_LOG }

    record Finding(String client, Kind kind, String chatId, long seq) {
    }

    record Result(View view, long expected, long received, long missing, long duplicated, long outOfOrder,
                  long notInLog, List<Finding> findings) {

        boolean clean() {
            return missing == 0 && duplicated == 0 && outOfOrder == 0 && notInLog == 0;
        }

        /** The figures alone, once the findings have been read: no arrivals, no findings. */
        Result figuresOnly() {
            var slim = new View(view.client(), view.userId(), view.baseline(), List.of(), view.stayedConnected());
            return new Result(slim, expected, received, missing, duplicated, outOfOrder, notInLog, List.of());
        }
    }

    /** {@code log}: per chat, its events by seq. */
    static Result check(View view, Map<String, ? extends NavigableMap<Long, LogEvent>> log) {
        var findings = new ArrayList<Finding>();
        var seen = new HashMap<String, Set<Long>>();
        var highestOnSocket = new HashMap<String, Long>(); // "connection/chat" -> highest seq received there
        long received = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long notInLog = 0;
        for (var arrival : view.arrivals()) {
            Long baseline = view.baseline().get(arrival.chatId());
            if (baseline == null || arrival.seq() <= baseline) {
                continue; // a chat it does not follow, or what it had before it first connected
            }
            received++;
            var event = logOf(log, arrival.chatId()).get(arrival.seq());
            if (event == null || !event.recipients().contains(view.userId())) {
                notInLog++;
                findings.add(new Finding(view.client(), Kind.NOT_IN_LOG, arrival.chatId(), arrival.seq()));
            }
            boolean first = seen.computeIfAbsent(arrival.chatId(), c -> new HashSet<>()).add(arrival.seq());
            if (!first) {
                duplicated++;
                findings.add(new Finding(view.client(), Kind.DUPLICATED, arrival.chatId(), arrival.seq()));
            }
            if (arrival.connection() > 0) {
                var socket = arrival.connection() + "/" + arrival.chatId();
                long highest = highestOnSocket.getOrDefault(socket, Long.MIN_VALUE);
                if (first && arrival.seq() < highest) {
                    outOfOrder++;
                    findings.add(new Finding(view.client(), Kind.OUT_OF_ORDER, arrival.chatId(), arrival.seq()));
                }
                highestOnSocket.put(socket, Math.max(highest, arrival.seq()));
            }
        }
        long expected = 0;
        long missing = 0;
        for (var chat : view.baseline().entrySet()) {
            var had = seen.getOrDefault(chat.getKey(), Set.of());
            for (var event : logOf(log, chat.getKey()).tailMap(chat.getValue(), false).values()) {
                if (event.recipients().contains(view.userId())) {
                    expected++;
                    if (!had.contains(event.seq())) {
                        missing++;
                        findings.add(new Finding(view.client(), Kind.MISSING, event.chatId(), event.seq()));
                    }
                }
            }
        }
        return new Result(view, expected, received, missing, duplicated, outOfOrder, notInLog, findings);
    }

    /** The sum over clients. */
    record Totals(int clients, int clientsWithFindings, long expected, long received, long missing, long duplicated,
                  long outOfOrder, long notInLog) {

        static Totals of(List<Result> results) {
            return new Totals(results.size(), (int) results.stream().filter(r -> !r.clean()).count(),
                    results.stream().mapToLong(Result::expected).sum(),
                    results.stream().mapToLong(Result::received).sum(),
                    results.stream().mapToLong(Result::missing).sum(),
                    results.stream().mapToLong(Result::duplicated).sum(),
                    results.stream().mapToLong(Result::outOfOrder).sum(),
                    results.stream().mapToLong(Result::notInLog).sum());
        }
    }

    private static NavigableMap<Long, LogEvent> logOf(Map<String, ? extends NavigableMap<Long, LogEvent>> log,
                                                      String chatId) {
        NavigableMap<Long, LogEvent> events = log.get(chatId);
        return events != null ? events : java.util.Collections.emptyNavigableMap();
    }
}
