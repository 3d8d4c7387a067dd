package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.TestSocket;

/**
 * Presence subscriptions: a client showing members of a group too large for {@code user_status}
 * (above 50 members) names them, gets their status at once, then their changes in batches.
 */
@QuarkusTest
class PresenceSubscriptionTest extends DevStackResources {

    private static final Duration BATCH_WAIT = Duration.ofSeconds(5);

    @Inject
    StubChats chats;

    @Test
    void aSubscriptionIsAnsweredWithTheStatusOfEachUserThenWithTheirChangesOfALargeGroup() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        chats.group(alice.id(), crowdWith(bob.id(), carol.id()));
        try (var watcher = alice.connect(); var carolSocket = carol.connect()) {
            subscribe(watcher, bob.id(), carol.id());
            var answer = statuses(watcher.next("presence"));
            assertThat(answer).containsEntry(bob.id(), "offline").containsEntry(carol.id(), "online");

            try (var bobSocket = bob.connect()) {
                assertThat(statuses(watcher.next("presence"))).isEqualTo(Map.of(bob.id(), "online"));
                bobSocket.send("type", "status", "status", "away");
                assertThat(statuses(watcher.next("presence"))).isEqualTo(Map.of(bob.id(), "away"));
            }
            var offline = watcher.next("presence").path("users").get(0);
            assertThat(offline.path("user_id").asText()).isEqualTo(bob.id().toString());
            assertThat(offline.path("status").asText()).isEqualTo("offline");
            assertThat(offline.path("last_seen").isTextual()).isTrue();
            watcher.expectNone("user_status", Duration.ofMillis(300)); // a large group: no user_status
        }
    }

    /** 40 changes of 20 people come as a few frames, each with every change since the last. */
    @Test
    void changesWithinABatchIntervalComeTogether() {
        var alice = People.create("alice");
        var shown = IntStream.range(0, 20).mapToObj(i -> People.create("member" + i)).toList();
        var ids = shown.stream().map(People::id).toArray(UUID[]::new);
        chats.group(alice.id(), crowdWith(ids));
        try (var watcher = alice.connect()) {
            subscribe(watcher, ids);
            assertThat(statuses(watcher.next("presence")).values()).containsOnly("offline");

            var seen = new HashMap<UUID, String>();
            var sockets = shown.parallelStream().map(People::connect).toList();
            int frames = framesUntil(watcher, seen, () -> seen.size() == shown.size() && !seen.containsValue("offline"));
            sockets.parallelStream().forEach(TestSocket::close);
            frames += framesUntil(watcher, seen, () -> !seen.containsValue("online"));
            assertThat(frames).as("frames for 40 changes").isLessThanOrEqualTo(10);
        }
    }

    @Test
    void anEmptyListEndsTheSubscription() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        chats.group(alice.id(), crowdWith(bob.id()));
        try (var watcher = alice.connect()) {
            subscribe(watcher, bob.id());
            watcher.next("presence");
            subscribe(watcher);
            assertThat(watcher.next("presence").path("users")).isEmpty();
            try (var ignored = bob.connect()) {
                watcher.expectNone("presence", Duration.ofMillis(2_500));
            }
        }
    }

    @Test
    void strangersTooManyUsersAndNullsAreRefusedAndTheSubscriptionStaysAsItWas() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var stranger = People.create("stranger");
        chats.group(alice.id(), crowdWith(bob.id()));
        try (var watcher = alice.connect()) {
            subscribe(watcher, bob.id());
            watcher.next("presence");

            subscribe(watcher, bob.id(), stranger.id());
            var refused = watcher.next("error");
            assertThat(refused.path("code").asText()).isEqualTo("invalid_field");
            assertThat(refused.path("request_type").asText()).isEqualTo("subscribe_presence");
            assertThat(refused.path("message").asText()).contains(stranger.id().toString());

            subscribe(watcher, IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID()).toArray(UUID[]::new));
            assertThat(watcher.next("error").path("message").asText()).contains("at most 500");

            watcher.send("{\"type\":\"subscribe_presence\",\"user_ids\":[null]}");
            assertThat(watcher.next("error").path("code").asText()).isEqualTo("invalid_field");
            watcher.send("{\"type\":\"subscribe_presence\"}");
            assertThat(watcher.next("error").path("code").asText()).isEqualTo("missing_field");

            try (var ignored = stranger.connect(); var bobSocket = bob.connect()) {
                assertThat(statuses(watcher.next("presence"))).isEqualTo(Map.of(bob.id(), "online"));
            }
        }
    }

    @Test
    void someoneWhoLeftTheSharedChatIsNoLongerTold() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var group = chats.group(alice.id(), crowdWith(bob.id()));
        try (var watcher = alice.connect()) {
            subscribe(watcher, bob.id());
            watcher.next("presence");
            chats.removeMember(group, alice.id(), bob.id());
            watcher.next("user_left");
            try (var ignored = bob.connect()) {
                watcher.expectNone("presence", Duration.ofMillis(2_500));
            }
        }
    }

    /** Takes presence frames into {@code seen} until {@code done}; how many it took. */
    private static int framesUntil(TestSocket watcher, Map<UUID, String> seen, BooleanSupplier done) {
        int frames = 0;
        while (!done.getAsBoolean()) {
            seen.putAll(statuses(watcher.next(e -> e.path("type").asText().equals("presence"), "presence", BATCH_WAIT)));
            frames++;
        }
        return frames;
    }

    /** These users and 50 more: a group above the presence group limit. */
    private static UUID[] crowdWith(UUID... users) {
        var members = new ArrayList<>(List.of(users));
        for (int i = 0; i < 50; i++) {
            members.add(UUID.randomUUID());
        }
        return members.toArray(UUID[]::new);
    }

    private static void subscribe(TestSocket socket, UUID... users) {
        socket.send("type", "subscribe_presence", "user_ids", List.of(users));
    }

    private static Map<UUID, String> statuses(JsonNode presence) {
        var statuses = new HashMap<UUID, String>();
        presence.path("users").forEach(user ->
                statuses.put(UUID.fromString(user.path("user_id").asText()), user.path("status").asText()));
        return statuses;
    }
}
