package io.switchboard.realtime.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.switchboard.contracts.block.BlockChange;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.cluster.TestDirectory;
import io.switchboard.realtime.config.TestConfig;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.RecordingSocket;
import io.switchboard.realtime.socket.Sessions;

/**
 * subscribe_presence: who may be subscribed to, and the batches: each socket is sent, per
 * round, only its users whose status changed since the last, as it may see them.
 */
class PresenceSubscriptionsTest {

    private static final Instant SEEN = Instant.parse("2030-01-01T10:00:00Z");

    private final UUID user = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID carol = UUID.randomUUID();
    private final UUID dave = UUID.randomUUID();
    private final UUID chat = UUID.randomUUID();
    private final Sessions sessions = new Sessions();
    private final ChatMembers members = new ChatMembers();
    private final BlockLists blocks = new BlockLists();
    private final TestDirectory directory = new TestDirectory();
    private final PresenceSubscriptions subscriptions = new PresenceSubscriptions(sessions, members, blocks, directory,
            new EventFrames(), TestConfig.with(Map.of("presence.subscriptionLimit", 3)));
    private final RecordingSocket socket = new RecordingSocket(user);

    PresenceSubscriptionsTest() {
        sessions.add(socket.session, 10);
        members.userArrived(user, List.of(new ChatServiceCalls.Membership(chat, Set.of(user, bob, carol, dave))));
        blocks.userArrived(user, List.of(), System.nanoTime());
        directory.states.put(bob, new Directory.State("online", null));
        directory.states.put(carol, new Directory.State("online", null));
    }

    @Test
    void onlyPeopleWhoShareAChatUpToTheLimitWithoutNullsMayBeSubscribedTo() {
        assertRefused(Arrays.asList(bob, null), "user_ids must not contain null.");
        assertRefused(List.of(bob, carol, dave, user), "user_ids may name at most 3 users.");
        var stranger = UUID.randomUUID();
        assertRefused(List.of(bob, stranger), "user_ids: " + stranger + " shares no chat with you.");
        assertThat(socket.session.watching()).isEmpty();
        assertThat(directory.queries).isEmpty();

        var answer = subscriptions.subscribe(socket.session, List.of(bob, carol, bob, dave));
        assertThat(answer.users()).extracting(p -> p.userId()).as("repeats counted once").containsExactly(bob, carol, dave);
    }

    @Test
    void anEmptyListEndsTheSubscriptionWithoutAQuery() {
        subscriptions.subscribe(socket.session, List.of(bob));
        directory.queries.clear();

        assertThat(subscriptions.subscribe(socket.session, List.of()).users()).isEmpty();
        assertThat(socket.session.watching()).isEmpty();
        assertThat(directory.queries).isEmpty();
    }

    @Test
    void eachRoundSendsASocketOnlyItsUsersWhoseStatusChanged() {
        subscriptions.subscribe(socket.session, List.of(bob, carol));
        subscriptions.sendBatches();
        assertThat(socket.written).as("nothing changed").isEmpty();

        directory.states.put(bob, new Directory.State("offline", SEEN));
        directory.states.put(dave, new Directory.State("away", null)); // not watched
        subscriptions.sendBatches();
        subscriptions.sendBatches();

        assertThat(socket.frames()).singleElement().satisfies(frame -> {
            assertThat(frame.path("type").asText()).isEqualTo("presence");
            assertThat(users(frame)).containsExactly(bob + " offline " + SEEN);
        });
    }

    @Test
    void theFirstStatusARoundReadsOfAUserIsWhereChangesCountFromNotAChange() {
        sessions.remove(socket.session); // subscribed while a round ran without the socket:
        subscriptions.subscribe(socket.session, List.of(bob));
        subscriptions.sendBatches(); // that round forgot bob's status
        sessions.add(socket.session, 10);
        directory.states.put(bob, new Directory.State("away", null));

        subscriptions.sendBatches();
        assertThat(socket.written).isEmpty();

        directory.states.put(bob, new Directory.State("online", null));
        subscriptions.sendBatches();
        assertThat(socket.frames()).singleElement().satisfies(frame ->
                assertThat(users(frame)).containsExactly(bob + " online "));
    }

    @Test
    void aUserKeptApartByABlockSinceTheSubscriptionIsNotSent() {
        subscriptions.subscribe(socket.session, List.of(bob, carol));
        blocks.apply(new BlockChange(carol, user, true, Instant.now()));
        directory.states.put(bob, new Directory.State("away", null));
        directory.states.put(carol, new Directory.State("away", null));

        subscriptions.sendBatches();

        assertThat(socket.frames()).singleElement().satisfies(frame ->
                assertThat(users(frame)).containsExactly(bob + " away "));
    }

    @Test
    void aUserNoLongerSharingAChatSinceTheSubscriptionIsNotSent() {
        subscriptions.subscribe(socket.session, List.of(bob));
        members.userLeft(user); // the user's chats forgotten here: bob shares none with them now
        directory.states.put(bob, new Directory.State("away", null));

        subscriptions.sendBatches();

        assertThat(socket.written).isEmpty();
    }

    @Test
    void aUserNoLongerWatchedIsForgottenSoAResubscriptionStartsFromItsFreshRead() {
        subscriptions.subscribe(socket.session, List.of(bob));
        subscriptions.subscribe(socket.session, List.of());
        subscriptions.sendBatches(); // nobody watches bob: his last status is forgotten
        directory.states.put(bob, new Directory.State("away", null));

        var answer = subscriptions.subscribe(socket.session, List.of(bob));
        subscriptions.sendBatches();

        assertThat(answer.users()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo("away"));
        assertThat(socket.written).as("told in the answer already").isEmpty();
    }

    @Test
    void aRoundTheDirectoryFailsIsSkippedAndTheNextCatchesUp() {
        subscriptions.subscribe(socket.session, List.of(bob));
        directory.failing = true;
        directory.states.put(bob, new Directory.State("away", null));
        subscriptions.sendBatches();
        assertThat(socket.written).isEmpty();

        directory.failing = false;
        subscriptions.sendBatches();
        assertThat(socket.frames()).singleElement().satisfies(frame -> assertThat(users(frame)).hasSize(1));
    }

    @Test
    void theRoundsRunOnAVirtualThreadOncePerBatchIntervalNeverTwoAtOnce() throws Exception {
        var round = PresenceSubscriptions.class.getDeclaredMethod("sendBatches");
        var scheduled = round.getAnnotation(Scheduled.class);

        assertThat(scheduled.every()).isEqualTo("${realtime.presence.batch-interval}");
        assertThat(scheduled.concurrentExecution()).isEqualTo(Scheduled.ConcurrentExecution.SKIP);
        assertThat(round.isAnnotationPresent(RunOnVirtualThread.class)).as("the query blocks").isTrue();
        assertThat(round.isAnnotationPresent(NonBlocking.class)).as("never on an event loop").isFalse();
    }

    private void assertRefused(List<UUID> users, String message) {
        assertThatThrownBy(() -> subscriptions.subscribe(socket.session, users))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_field");
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.requestType()).isEqualTo("subscribe_presence");
                });
    }

    private static List<String> users(JsonNode frame) {
        var users = new ArrayList<String>();
        frame.path("users").forEach(p -> users.add(p.path("user_id").asText() + " " + p.path("status").asText() + " "
                + (p.hasNonNull("last_seen") ? Instant.parse(p.path("last_seen").asText()) : "")));
        return users;
    }
}
