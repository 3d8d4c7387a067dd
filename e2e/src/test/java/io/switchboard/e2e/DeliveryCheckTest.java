package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.ChatRosters;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.e2e.DeliveryCheck.Arrival;
import io.switchboard.e2e.DeliveryCheck.Finding;
import io.switchboard.e2e.DeliveryCheck.Kind;
import io.switchboard.e2e.DeliveryCheck.LogEvent;
import io.switchboard.e2e.DeliveryCheck.View;

/**
 * The chaos soak's verdict: it must see a gap, a repeat and a reorder, and nothing that is not one;
 * and expect of each client the events of its chats that were for it, by the members at each event.
 */
class DeliveryCheckTest {

    private static final UUID ANN_ID = UUID.randomUUID();
    private static final UUID BOB_ID = UUID.randomUUID();
    private static final UUID CAROL_ID = UUID.randomUUID();
    private static final String GROUP = UUID.randomUUID().toString();
    private static final String DIRECT = UUID.randomUUID().toString();
    /** Client names, as findings name them. */
    private static final String ANN = "ann";
    private static final String BOB = "bob";

    /** Group events 1..10 for Ann and Bob; direct events 1..3 for Bob and Carol only. */
    private static final Map<String, TreeMap<Long, LogEvent>> LOG = Map.of(
            GROUP, log(createdWithMessages(GROUP, 10, ANN_ID, BOB_ID)),
            DIRECT, log(createdWithMessages(DIRECT, 3, BOB_ID, CAROL_ID)));

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

        var bob = new View(BOB, BOB_ID.toString(), Map.of(GROUP, 0L, DIRECT, 0L), List.of(
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
        var view = new View(ANN, ANN_ID.toString(), Map.of(GROUP, 1L, DIRECT, 0L), arrivals, false);
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

    @Test
    void whoIsExpectedFollowsTheMembersAtEachEvent() {
        // 1 created by Ann with Bob, 2 a message, 3 Carol added, 4 a message, 5 Bob removed, 6 a message
        var chat = UUID.randomUUID().toString();
        var log = Map.of(chat, log(List.of(
                event(chat, 1, new ChatEventData.ChatCreated("group", "G", ANN_ID, List.of(ANN_ID, BOB_ID))),
                message(chat, 2),
                event(chat, 3, new ChatEventData.MemberAdded(CAROL_ID, ANN_ID)),
                message(chat, 4),
                event(chat, 5, new ChatEventData.MemberRemoved(BOB_ID, ANN_ID)),
                message(chat, 6))));

        var carol = DeliveryCheck.check(new View("carol", CAROL_ID.toString(), Map.of(chat, 0L),
                arrivalsIn(chat, 3, 6), true), log);
        assertThat(carol.clean()).as("what came before she was added is not hers: " + carol.findings()).isTrue();
        assertThat(carol.expected()).isEqualTo(4);

        var bob = DeliveryCheck.check(new View(BOB, BOB_ID.toString(), Map.of(chat, 0L),
                arrivalsIn(chat, 1, 4), true), log);
        assertThat(bob.findings()).as("a removed member is told he is removed, and told nothing after")
                .containsExactly(new Finding(BOB, Kind.MISSING, chat, 5));

        var bobToldTooMuch = DeliveryCheck.check(new View(BOB, BOB_ID.toString(), Map.of(chat, 0L),
                arrivalsIn(chat, 1, 6), true), log);
        assertThat(bobToldTooMuch.findings()).containsExactly(new Finding(BOB, Kind.NOT_IN_LOG, chat, 6));
    }

    private static View view(List<Arrival> arrivals) {
        return new View(ANN, ANN_ID.toString(), Map.of(GROUP, 1L), arrivals, true);
    }

    private static List<Arrival> arrivals(int connection, long from, long to) {
        var list = new ArrayList<Arrival>();
        for (long seq = from; seq <= to; seq++) {
            list.add(new Arrival(GROUP, seq, connection));
        }
        return list;
    }

    private static List<Arrival> arrivalsIn(String chat, long from, long to) {
        var list = new ArrayList<Arrival>();
        for (long seq = from; seq <= to; seq++) {
            list.add(new Arrival(chat, seq, 1));
        }
        return list;
    }

    /**
     * A chat's log as the verdict builds it: every event, from the chat's creation, through one
     * {@link ChatRosters}. Following the chat from its creation, the rosters never need to read
     * its members from chat-service.
     */
    private static TreeMap<Long, LogEvent> log(List<ChatEvent> events) {
        var rosters = new ChatRosters((chat, seq) -> {
            throw new AssertionError("members of chat " + chat + " before seq " + seq + " read from chat-service");
        }, 100);
        var log = new TreeMap<Long, LogEvent>();
        for (var event : events) {
            log.put(event.seq(), LogEvent.of(event, rosters));
        }
        return log;
    }

    /** The chat's creation with these members (1), then messages up to {@code last}. */
    private static List<ChatEvent> createdWithMessages(String chat, long last, UUID owner, UUID other) {
        var events = new ArrayList<ChatEvent>();
        events.add(event(chat, 1, new ChatEventData.ChatCreated("group", "G", owner, List.of(owner, other))));
        for (long seq = 2; seq <= last; seq++) {
            events.add(message(chat, seq));
        }
        return events;
    }

    private static ChatEvent message(String chat, long seq) {
        var message = new MessageView(UUID.randomUUID(), UUID.fromString(chat), seq, ANN_ID, "m" + seq, "text",
                Instant.EPOCH.plusSeconds(seq), null, false);
        return event(chat, seq, new ChatEventData.MessageCreated(message));
    }

    private static ChatEvent event(String chat, long seq, ChatEventData data) {
        return ChatEvent.of(UUID.fromString(chat), seq, ANN_ID, data, Instant.EPOCH.plusSeconds(seq));
    }
}
