package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.TestSocket;

/**
 * Two users kept apart by a block (either blocked the other) see neither the other's presence
 * nor their typing, in any chat they still share: from the moment the block is made, on sockets
 * already open, and on sockets opened later; an unblock shows them again.
 */
@QuarkusTest
class BlockedPresenceTest extends DevStackResources {

    private static final Duration QUIET = Duration.ofMillis(700);

    @Inject
    StubChats chats;

    @Test
    void aBlockMadeWhileBothAreConnectedHidesEachFromTheOtherAtOnceAndAnUnblockShowsThemAgain() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        var group = chats.group(alice.id(), bob.id(), carol.id());
        try (var aliceSocket = alice.connect(); var carolSocket = carol.connect()) {
            assertThat(statusOf(aliceSocket, carol).path("status").asText()).isEqualTo("online");
            var bobSocket = bob.connect();
            assertThat(statusOf(aliceSocket, bob).path("status").asText()).isEqualTo("online");
            assertThat(statusOf(carolSocket, bob).path("status").asText()).isEqualTo("online");

            chats.block(alice.id(), bob.id(), true);

            assertHidden(statusOf(aliceSocket, bob)); // each now sees the other as offline, never seen
            assertHidden(statusOf(bobSocket, alice));
            bobSocket.send("type", "typing", "chat_id", group, "is_typing", true);
            assertThat(carolSocket.next("typing").path("user_id").asText()).isEqualTo(bob.id().toString());
            bobSocket.send("type", "status", "status", "away");
            assertThat(statusOf(carolSocket, bob).path("status").asText()).isEqualTo("away");
            aliceSocket.expectNone("typing", QUIET);
            aliceSocket.expectNone("user_status", Duration.ofMillis(100));
            assertHidden(memberStatus(aliceSocket, group, bob));
            assertThat(memberStatus(carolSocket, group, bob).path("status").asText()).isEqualTo("away");

            chats.block(alice.id(), bob.id(), false);

            assertThat(statusOf(aliceSocket, bob).path("status").asText()).isEqualTo("away");
            assertThat(statusOf(bobSocket, alice).path("status").asText()).isEqualTo("online");
            bobSocket.close();
            assertThat(statusOf(aliceSocket, bob).path("status").asText()).isEqualTo("offline");
        }
    }

    @Test
    void aBlockMadeBeforeConnectingHoldsForStatusChangesSubscriptionsAndBothDirections() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        var crowd = new ArrayList<UUID>(List.of(bob.id(), carol.id()));
        for (int i = 0; i < 50; i++) {
            crowd.add(UUID.randomUUID());
        }
        chats.group(alice.id(), bob.id());
        chats.group(alice.id(), crowd.toArray(UUID[]::new)); // above the presence group limit
        chats.block(bob.id(), alice.id(), true); // bob blocked alice: the same, either way

        try (var aliceSocket = alice.connect(); var carolSocket = carol.connect()) {
            aliceSocket.send("type", "subscribe_presence", "user_ids", List.of(bob.id(), carol.id()));
            var answer = aliceSocket.next("presence").path("users");
            assertThat(answer).hasSize(2);
            for (var user : answer) {
                if (user.path("user_id").asText().equals(bob.id().toString())) {
                    assertHidden(user);
                } else {
                    assertThat(user.path("status").asText()).isEqualTo("online");
                }
            }
            try (var bobSocket = bob.connect()) {
                bobSocket.send("type", "status", "status", "away");
                aliceSocket.expectNone("user_status", QUIET);
                aliceSocket.expectNone("presence", Duration.ofMillis(1_500)); // a batch interval and more
                bobSocket.expectNone("user_status", Duration.ofMillis(100)); // nor alice's to bob
            }
            carolSocket.close();
            var carolOffline = aliceSocket.next("presence").path("users");
            assertThat(carolOffline).hasSize(1);
            assertThat(carolOffline.get(0).path("user_id").asText()).isEqualTo(carol.id().toString());
        }
    }

    private static void assertHidden(JsonNode presence) {
        assertThat(presence.path("status").asText()).isEqualTo("offline");
        assertThat(presence.path("last_seen").isNull() || presence.path("last_seen").isMissingNode())
                .as("last_seen of %s", presence).isTrue();
    }

    private static JsonNode statusOf(TestSocket watcher, People user) {
        return watcher.next(e -> e.path("type").asText().equals("user_status")
                && e.path("user_id").asText().equals(user.id().toString()), "status of " + user.name());
    }

    private static JsonNode memberStatus(TestSocket socket, UUID chat, People user) {
        socket.send("type", "get_chat_status", "chat_id", chat.toString());
        for (var member : socket.next("chat_status").path("chats").get(0).path("members")) {
            if (member.path("user_id").asText().equals(user.id().toString())) {
                return member;
            }
        }
        throw new AssertionError(user.name() + " not in chat_status");
    }
}
