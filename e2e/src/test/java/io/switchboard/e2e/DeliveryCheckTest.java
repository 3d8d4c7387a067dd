package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.switchboard.e2e.DeliveryCheck.Arrival;
import io.switchboard.e2e.DeliveryCheck.Finding;
import io.switchboard.e2e.DeliveryCheck.Kind;
import io.switchboard.e2e.DeliveryCheck.LogEvent;
import io.switchboard.e2e.DeliveryCheck.View;

/** The chaos soak's verdict: it must see a gap, a repeat and a reorder, and nothing that is not one. */
class DeliveryCheckTest {

    private static final String GROUP = "group";
    private static final String DIRECT = "direct";
    private static final String ANN = "ann";
    private static final String BOB = "bob";

    /** Group events 1..10 for Ann and Bob; direct events 1..3 for Bob and someone else only. */
    private static final Map<String, TreeMap<Long, LogEvent>> LOG = Map.of(
            GROUP, events(GROUP, 10, Set.of(ANN, BOB)),
            DIRECT, events(DIRECT, 3, Set.of(BOB, "carol")));

    @Test
    void aClientThatGotEverythingOnceAndInOrderIsClean() {
        var result = DeliveryCheck.check(view(arrivals(1, 2, 10)), LOG);
        assertThat(result.clean()).isTrue();
        assertThat(result.expected()).isEqualTo(9); // after its baseline of 1
        assertThat(result.received()).isEqualTo(9);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void aGapIsMissing() {
        var arrivals = arrivals(1, 2, 4);
        arrivals.addAll(arrivals(1, 7, 10)); // 5 and 6 never came
        var result = DeliveryCheck.check(view(arrivals), LOG);
        assertThat(result.missing()).isEqualTo(2);
        assertThat(result.duplicated()).isZero();
        assertThat(result.outOfOrder()).isZero();
        assertThat(result.findings()).containsExactly(
                new Finding(ANN, Kind.MISSING, GROUP, 5), new Finding(ANN, Kind.MISSING, GROUP, 6));
    }

    @Test
    void aRepeatIsDuplicatedOnTheSameSocketOrAfterAReconnect() {
        var arrivals = arrivals(1, 2, 6);
        arrivals.add(new Arrival(GROUP, 6, 1)); // again, live
        arrivals.addAll(arrivals(2, 5, 10)); // a resume that replays 5 and 6 once more
        var result = DeliveryCheck.check(view(arrivals), LOG);
        assertThat(result.duplicated()).isEqualTo(3);
        assertThat(result.missing()).isZero();
        assertThat(result.outOfOrder()).as("a repeat is counted once, as a repeat").isZero();
    }

    @Test
    void aNewEventAfterAHigherOneOnTheSameSocketIsOutOfOrder() {
        var arrivals = arrivals(1, 2, 4);
        arrivals.add(new Arrival(GROUP, 6, 1));
        arrivals.add(new Arrival(GROUP, 5, 1));
        arrivals.addAll(arrivals(1, 7, 10));
        var result = DeliveryCheck.check(view(arrivals), LOG);
        assertThat(result.outOfOrder()).isEqualTo(1);
        assertThat(result.findings()).containsExactly(new Finding(ANN, Kind.OUT_OF_ORDER, GROUP, 5));
        assertThat(result.missing()).isZero();
        assertThat(result.duplicated()).isZero();
    }

    @Test
    void orderIsPerSocketAndPerChatAndRestReloadsAreNotAStream() {
        var arrivals = arrivals(1, 2, 6);
        arrivals.add(new Arrival(GROUP, 9, 0)); // a reload over REST
        arrivals.addAll(arrivals(2, 7, 8)); // the next socket starts where the first ended
        arrivals.add(new Arrival(GROUP, 10, 2));
        var result = DeliveryCheck.check(view(arrivals), LOG);
        assertThat(result.clean()).as(result.findings().toString()).isTrue();

        var bob = new View(BOB, BOB, Map.of(GROUP, 0L, DIRECT, 0L), List.of(
                new Arrival(DIRECT, 3, 1), new Arrival(GROUP, 1, 1), new Arrival(DIRECT, 1, 1)), true);
        var bobs = DeliveryCheck.check(bob, LOG);
        assertThat(bobs.outOfOrder()).isEqualTo(1); // direct 1 after direct 3; group's 1 is another chat
        assertThat(bobs.missing()).isEqualTo(9 + 1); // group 2..10, direct 2
    }

    @Test
    void whatIsNotForTheClientIsNeitherExpectedNorWelcome() {
        var arrivals = arrivals(1, 2, 10);
        arrivals.add(new Arrival(DIRECT, 2, 1)); // Ann is not in that chat
        arrivals.add(new Arrival(GROUP, 11, 1)); // never written
        arrivals.add(new Arrival(GROUP, 1, 1)); // before her baseline: not counted at all
        var view = new View(ANN, ANN, Map.of(GROUP, 1L, DIRECT, 0L), arrivals, false);
        var result = DeliveryCheck.check(view, LOG);
        assertThat(result.expected()).isEqualTo(9);
        assertThat(result.missing()).isZero();
        assertThat(result.notInLog()).isEqualTo(2);
    }

    @Test
    void totalsAddUpAndCountTheClientsWithFindings() {
        var clean = DeliveryCheck.check(view(arrivals(1, 2, 10)), LOG);
        var gap = DeliveryCheck.check(view(arrivals(1, 2, 8)), LOG);
        var totals = DeliveryCheck.Totals.of(List.of(clean, gap.figuresOnly()));
        assertThat(totals.clients()).isEqualTo(2);
        assertThat(totals.clientsWithFindings()).isEqualTo(1);
        assertThat(totals.missing()).isEqualTo(2);
        assertThat(totals.expected()).isEqualTo(18);
    }

    private static View view(List<Arrival> arrivals) {
        return new View(ANN, ANN, Map.of(GROUP, 1L), arrivals, true);
    }

    private static List<Arrival> arrivals(int connection, long from, long to) {
        var list = new java.util.ArrayList<Arrival>();
        for (long seq = from; seq <= to; seq++) {
            list.add(new Arrival(GROUP, seq, connection));
        }
        return list;
    }

    private static TreeMap<Long, LogEvent> events(String chat, long last, Set<String> recipients) {
        var events = new TreeMap<Long, LogEvent>();
        for (long seq = 1; seq <= last; seq++) {
            events.put(seq, new LogEvent(chat, seq, recipients, Instant.EPOCH.plusSeconds(seq)));
        }
        return events;
    }
}
