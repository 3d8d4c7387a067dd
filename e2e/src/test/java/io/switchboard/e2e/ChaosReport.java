package io.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.switchboard.e2e.DeliveryCheck.Totals;

/** The chaos soak's figures, as Markdown tables: printed, and written under {@code e2e/target/chaos}. */
final class ChaosReport {

    /** Sends by how they went, per way of sending. */
    record SendFigures(Map<ChaosSends.Via, long[]> byVia, long inLog, long acknowledgedNotInLog, long storedTwice,
                       long givenUpButStored) {
        static final int ACKNOWLEDGED = 0;
        static final int GIVEN_UP = 1;
        static final int REJECTED = 2;
        static final int UNRESOLVED = 3;
        static final int ATTEMPTS = 4;

        long acknowledged() {
            return byVia.values().stream().mapToLong(v -> v[ACKNOWLEDGED]).sum();
        }
    }

    final ChaosSettings settings;
    final Instant started = Instant.now();
    String aborted;
    Instant trafficStarted;
    Instant trafficStopped;
    Totals stayed = Totals.of(List.of());
    Totals reconnected = Totals.of(List.of());
    Totals all = Totals.of(List.of());
    int clientsNeverConnected;
    SendFigures sends;
    Map<String, Long> logEvents = new TreeMap<>(); // "group", "direct" -> events after the baselines
    List<ChaosFaults.Run> timeline = new ArrayList<>();
    long[] betweenFaults = new long[3];
    Map<String, Integer> socketsLostBetweenFaults = new TreeMap<>();
    Map<String, Long> closes = Map.of();
    long socketsOpened;
    long resumeErrors;
    long resyncs;
    long resyncsUnrecoverable;
    long refreshes;
    String catchUp = "not measured";
    String memory = "";
    List<String> examples = new ArrayList<>();

    ChaosReport(ChaosSettings settings) {
        this.settings = settings;
    }

    String render() {
        var out = new StringBuilder();
        out.append("## Chaos soak, ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC).format(started)).append("\n\n");
        out.append("`").append(settings.command()).append("`: ").append(settings.clients()).append(" clients in one group")
                .append(" (plus direct chats), two realtime instances, ").append(settings.rate()).append(" messages/s, ")
                .append(settings.repeating() ? "the faults over and over" : "each fault once");
        if (trafficStarted != null && trafficStopped != null) {
            out.append(", ").append(minutes(Duration.between(trafficStarted, trafficStopped))).append(" of traffic");
        }
        out.append(". Builds from ").append(settings.builds()).append(", copied at the start; service logs in")
                .append(" e2e/target/chaos-logs.\n");
        if (aborted != null) {
            out.append("\n**The soak did not finish:** ").append(aborted).append(" (figures below are up to that point).\n");
        }

        out.append("\n| clients | count | events expected | received | missing | duplicated | out of order | not in log | clients with findings |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(out, "stayed connected throughout", stayed);
        row(out, "reconnected at least once", reconnected);
        row(out, "all", all);
        if (clientsNeverConnected > 0) {
            out.append("\n").append(clientsNeverConnected).append(" clients never connected.\n");
        }

        if (sends != null) {
            out.append("\n| messages | REST | WebSocket | heal probes | total |\n|---|---:|---:|---:|---:|\n");
            sendRow(out, "acknowledged", SendFigures.ACKNOWLEDGED);
            sendRow(out, "attempts (retries included)", SendFigures.ATTEMPTS);
            sendRow(out, "given up (no answer in time)", SendFigures.GIVEN_UP);
            sendRow(out, "rejected (4xx)", SendFigures.REJECTED);
            sendRow(out, "unresolved at the end", SendFigures.UNRESOLVED);
            out.append("\nEvents in chat-service's log after the clients' baselines: ")
                    .append(logEvents.values().stream().mapToLong(Long::longValue).sum()).append(" ").append(logEvents)
                    .append("; soak messages in it: ").append(sends.inLog())
                    .append(". Acknowledged but not in the log: **").append(sends.acknowledgedNotInLog())
                    .append("**; stored more than once: **").append(sends.storedTwice())
                    .append("**; given up but stored: ").append(sends.givenUpButStored()).append(".\n");
        }

        out.append("\n| # | fault | started | lasted | detail | probe stored after | heal time | connected clients had it after | missing | duplicated | out of order | sockets lost |\n");
        out.append("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        int n = 0;
        for (var run : timeline) {
            out.append("| ").append(++n).append(" | ").append(run.fault.label).append(" | ")
                    .append(offset(run.start)).append(" | ").append(seconds(run.lasted())).append(" | ")
                    .append(run.detail).append(" | ")
                    .append(run.probeStored == null || run.end == null ? "never"
                            : seconds(Duration.between(run.end, run.probeStored))).append(" | ")
                    .append(run.healTime() != null ? seconds(run.healTime())
                            : "**not within " + settings.healTimeout().toSeconds() + " s** (" + run.clientsShort + " clients short)")
                    .append(" | ").append(run.connectedHealTime() != null ? seconds(run.connectedHealTime()) : "")
                    .append(" | ").append(run.missing).append(" | ").append(run.duplicated).append(" | ")
                    .append(run.outOfOrder).append(" | ").append(lost(run.socketsLost)).append(" |\n");
        }
        out.append("|  | between faults |  |  |  |  |  |  | ").append(betweenFaults[0]).append(" | ")
                .append(betweenFaults[1]).append(" | ").append(betweenFaults[2]).append(" | ")
                .append(lost(socketsLostBetweenFaults)).append(" |\n");
        out.append("\nHeal time: from the fault's end (server resumed or started, instance ready, clients free to")
                .append(" reconnect) until every client had a message sent after it; the next column, until every client")
                .append(" connected at that moment had it (the rest were still reconnecting, at their own backoff's pace). Findings are counted against the fault")
                .append(" during which chat-service wrote their event (from its start until it healed); sockets lost, against")
                .append(" the fault in whose window they ended (not counting the soak's own drops and moves).\n");

        out.append("\nSockets opened: ").append(socketsOpened).append("; how sockets ended: ").append(closes)
                .append("; resume errors: ").append(resumeErrors).append("; resync_required: ").append(resyncs)
                .append(" (beyond the log: ").append(resyncsUnrecoverable).append("); token refreshes: ").append(refreshes)
                .append(". After the last send: ").append(catchUp).append(".\n");
        out.append(memory);
        if (!examples.isEmpty()) {
            out.append("\nFirst findings (client, sockets it had: what, chat, seqs):\n\n");
            examples.forEach(line -> out.append("- ").append(line).append("\n"));
        }
        return out.toString();
    }

    /** {@code 20 (1012: 20)}, or 0. */
    private static String lost(Map<String, Integer> byHow) {
        int total = byHow.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return "0";
        }
        var parts = new ArrayList<String>();
        byHow.forEach((how, n) -> parts.add(how + ": " + n));
        return total + " (" + String.join(", ", parts) + ")";
    }

    private static void row(StringBuilder out, String label, Totals t) {
        out.append("| ").append(label).append(" | ").append(t.clients()).append(" | ").append(t.expected()).append(" | ")
                .append(t.received()).append(" | ").append(t.missing()).append(" | ").append(t.duplicated()).append(" | ")
                .append(t.outOfOrder()).append(" | ").append(t.notInLog()).append(" | ").append(t.clientsWithFindings())
                .append(" |\n");
    }

    private void sendRow(StringBuilder out, String label, int figure) {
        out.append("| ").append(label);
        long total = 0;
        for (var via : ChaosSends.Via.values()) {
            long value = sends.byVia().getOrDefault(via, new long[5])[figure];
            total += value;
            out.append(" | ").append(value);
        }
        out.append(" | ").append(total).append(" |\n");
    }

    /** Writes the report to {@code e2e/target/chaos/chaos-<time>.md} and {@code latest.md}; the file written. */
    Path write(Path root) {
        try {
            var folder = Files.createDirectories(root.resolve("e2e/target/chaos"));
            var text = render();
            var file = folder.resolve("chaos-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                    .format(started) + ".md");
            Files.writeString(file, text);
            Files.writeString(folder.resolve("latest.md"), text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String offset(Instant at) {
        if (trafficStarted == null) {
            return "";
        }
        long s = Duration.between(trafficStarted, at).toSeconds();
        return String.format("+%d:%02d", s / 60, s % 60);
    }

    static String seconds(Duration d) {
        return d == null ? "" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String minutes(Duration d) {
        long s = d.toSeconds();
        return String.format("%d min %02d s", s / 60, s % 60);
    }

    /** {@code 3, 4, 5, 9} as {@code 3-5, 9}. */
    static String ranges(List<Long> seqs) {
        var out = new StringBuilder();
        int i = 0;
        while (i < seqs.size()) {
            int j = i;
            while (j + 1 < seqs.size() && seqs.get(j + 1) == seqs.get(j) + 1) {
                j++;
            }
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(seqs.get(i));
            if (j > i) {
                out.append("-").append(seqs.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }
}
