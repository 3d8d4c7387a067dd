package io.switchboard.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.ChatRosters;
import io.switchboard.e2e.DeliveryCheck.Finding;
import io.switchboard.e2e.DeliveryCheck.Kind;
import io.switchboard.e2e.DeliveryCheck.LogEvent;
import io.switchboard.e2e.DeliveryCheck.Result;

/**
 * The end of the soak: chat-service's event log of every chat (paged, read as a member), every
 * client's view checked against it, each finding counted against the fault during which its event
 * was written, and the sends' ledger compared with the messages the log holds. Whom each event
 * was for is not in the event: it is the chat's members at that point of the log, followed from
 * the chat's creation by {@link ChatRosters}.
 */
final class ChaosVerdict {

    private static final int EXAMPLES = 40;

    private static final Duration READ = Duration.ofSeconds(30);

    private final ChaosSettings settings;
    private final ChaosHttp http;
    private final String authUrl;
    private final String chatUrl;
    private final ChaosPeople people;
    private final ChaosSends sends;
    private final ChaosReport report;
    private final ChatEventCodec codec = new ChatEventCodec();
    private String serviceToken;

    ChaosVerdict(ChaosSettings settings, ChaosHttp http, String authUrl, String chatUrl, ChaosPeople people,
                 ChaosSends sends, ChaosReport report) {
        this.settings = settings;
        this.http = http;
        this.authUrl = authUrl;
        this.chatUrl = chatUrl;
        this.people = people;
        this.sends = sends;
        this.report = report;
    }

    void judge(List<ChaosClient> clients, List<Boolean> stayedConnected) {
        var log = new HashMap<String, TreeMap<Long, LogEvent>>();
        var stored = new HashMap<String, Integer>(); // client_message_id -> messages in the log with it
        // no bound: the soak's chats hold a few thousand member ids at most
        var rosters = new ChatRosters(this::membersBefore, Integer.MAX_VALUE);
        for (int chat = 0; chat < people.chats.size(); chat++) {
            var token = clients.get(people.members.get(chat).getFirst()).token();
            log.put(people.chats.get(chat), read(chat, token, rosters, stored));
            report.logEvents.merge(chat == 0 ? "group" : "direct", (long) log.get(people.chats.get(chat)).size(), Long::sum);
        }
        var stayed = new ArrayList<Result>();
        var reconnected = new ArrayList<Result>();
        for (int i = 0; i < clients.size(); i++) {
            var client = clients.get(i);
            var result = DeliveryCheck.check(client.view(stayedConnected.get(i)), log);
            attribute(result.findings(), log);
            example(client, result.findings());
            (stayedConnected.get(i) ? stayed : reconnected).add(result.figuresOnly());
        }
        report.stayed = DeliveryCheck.Totals.of(stayed);
        report.reconnected = DeliveryCheck.Totals.of(reconnected);
        var all = new ArrayList<>(stayed);
        all.addAll(reconnected);
        report.all = DeliveryCheck.Totals.of(all);
        report.sends = sendFigures(stored);
    }

    /**
     * The chat's events after the clients' baseline, page by page; counts the soak's messages by id.
     * The log is read from its first event, the chat's creation, and every event goes through
     * {@code rosters} in seq order, those up to the baseline too: so the log alone says whom each
     * event was for.
     */
    private TreeMap<Long, LogEvent> read(int chat, String token, ChatRosters rosters, Map<String, Integer> stored) {
        var events = new TreeMap<Long, LogEvent>();
        var chatId = people.chats.get(chat);
        long baseline = people.lastSeqs[chat];
        long after = 0;
        while (true) {
            long from = after;
            var page = ChaosPeople.retried(() -> http.get(chatUrl + "/api/chats/" + chatId + "/events?limit=1000&after_seq="
                    + from, token, READ), "reading the event log of chat " + chatId);
            var list = page.body().path("events");
            for (var node : list) {
                var event = codec.decode(node.toString());
                var logged = LogEvent.of(event, rosters);
                after = event.seq();
                if (event.seq() <= baseline) {
                    continue; // before the clients connected: not expected of them
                }
                events.put(event.seq(), logged);
                if (event.data() instanceof ChatEventData.MessageCreated created) {
                    var id = ChaosSends.clientMessageId(created.message().content());
                    if (id != null) {
                        stored.merge(id, 1, Integer::sum);
                    }
                }
            }
            if (list.isEmpty() || after >= page.body().path("last_seq").asLong()) {
                return events;
            }
        }
    }

    /**
     * The chat's members after every event before {@code seq}, from chat-service, with a service
     * token (the e2e backend's client credentials). The rosters ask only when the log they were
     * given does not hold the members before an event: a log that skips a seq, or whose first
     * event is not the chat's creation. Read from its first event, a soak's log needs no such read.
     */
    private Set<UUID> membersBefore(UUID chatId, long seq) {
        var answer = ChaosPeople.retried(() -> http.get(chatUrl + "/api/memberships/" + chatId + "?before_seq=" + seq,
                serviceToken(), READ), "the members of chat " + chatId + " before seq " + seq);
        var members = new HashSet<UUID>();
        answer.body().path("member_ids").forEach(id -> members.add(UUID.fromString(id.asText())));
        return members;
    }

    private String serviceToken() {
        if (serviceToken == null) {
            serviceToken = ChaosPeople.retried(() -> http.post(authUrl + "/api/auth/token", null,
                    Map.of("client_id", Stack.CLIENT_ID, "client_secret", Stack.CLIENT_SECRET), READ),
                    "a service token").body().path("access_token").asText();
        }
        return serviceToken;
    }

    /** Counts each finding against the fault during which chat-service wrote its event. */
    private void attribute(List<Finding> findings, Map<String, TreeMap<Long, LogEvent>> log) {
        for (var finding : findings) {
            if (finding.kind() == Kind.NOT_IN_LOG) {
                continue;
            }
            var event = log.get(finding.chatId()).get(finding.seq());
            var run = report.timeline.stream().filter(r -> event != null && !event.time().isBefore(r.start)
                    && !event.time().isAfter(r.windowEnd(settings.healTimeout()))).findFirst().orElse(null);
            int column = switch (finding.kind()) {
                case MISSING -> 0;
                case DUPLICATED -> 1;
                default -> 2;
            };
            if (run == null) {
                report.betweenFaults[column]++;
            } else if (column == 0) {
                run.missing++;
            } else if (column == 1) {
                run.duplicated++;
            } else {
                run.outOfOrder++;
            }
        }
    }

    /** A line per client and kind of finding, seqs as ranges, up to {@value #EXAMPLES} lines. */
    private void example(ChaosClient client, List<Finding> findings) {
        var byKind = new TreeMap<String, List<Long>>();
        for (var finding : findings) {
            int chat = people.chats.indexOf(finding.chatId());
            var label = finding.kind().name().toLowerCase().replace('_', ' ') + " in "
                    + (chat == 0 ? "the group" : "direct chat " + chat);
            byKind.computeIfAbsent(label, k -> new ArrayList<>()).add(finding.seq());
        }
        byKind.forEach((label, seqs) -> {
            if (report.examples.size() < EXAMPLES) {
                report.examples.add(client.name + " (" + client.connections() + (client.connections() == 1 ? " socket): " : " sockets): ") + label + ", seq "
                        + ChaosReport.ranges(seqs.stream().sorted().distinct().toList())
                        + (seqs.size() > 1 ? " (" + seqs.size() + ")" : ""));
            }
        });
    }

    private ChaosReport.SendFigures sendFigures(Map<String, Integer> stored) {
        var byVia = new EnumMap<ChaosSends.Via, long[]>(ChaosSends.Via.class);
        long acknowledgedNotInLog = 0;
        long givenUpButStored = 0;
        for (var entry : sends.entries().values()) {
            var figures = byVia.computeIfAbsent(entry.via, v -> new long[5]);
            figures[ChaosReport.SendFigures.ATTEMPTS] += entry.attempts.get();
            int times = stored.getOrDefault(entry.clientMessageId, 0);
            if (entry.acknowledged()) {
                figures[ChaosReport.SendFigures.ACKNOWLEDGED]++;
                if (times == 0) {
                    acknowledgedNotInLog++;
                }
            } else if (entry.rejected) {
                figures[ChaosReport.SendFigures.REJECTED]++;
            } else if (entry.givenUp) {
                figures[ChaosReport.SendFigures.GIVEN_UP]++;
                givenUpButStored += times > 0 ? 1 : 0;
            } else {
                figures[ChaosReport.SendFigures.UNRESOLVED]++;
            }
        }
        long storedTwice = stored.values().stream().filter(n -> n > 1).count();
        long inLog = stored.values().stream().mapToLong(Integer::longValue).sum();
        return new ChaosReport.SendFigures(byVia, inLog, acknowledgedNotInLog, storedTwice, givenUpButStored);
    }
}
