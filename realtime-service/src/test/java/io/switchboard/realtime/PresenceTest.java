package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.TestSocket;

/** Presence over all of a user's devices, told to the people who share a chat with them. */
@QuarkusTest
class PresenceTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Test
    void aUserWithTwoDevicesGoesOfflineOnlyWhenTheSecondCloses() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        chats.group(alice.id(), bob.id());
        try (var watcher = alice.connect()) {
            var phone = bob.connect();
            assertThat(statusOf(watcher, bob)).isEqualTo("online");
            var laptop = bob.connect();
            watcher.expectNone("user_status", Duration.ofMillis(300)); // still just online

            phone.close();
            watcher.expectNone("user_status", Duration.ofMillis(500));
            assertThat(chatStatus(watcher, bob).path("status").asText()).isEqualTo("online");

            var before = Instant.now();
            laptop.close();
            var offline = watcher.next("user_status");
            assertThat(offline.path("user_id").asText()).isEqualTo(bob.id().toString());
            assertThat(offline.path("status").asText()).isEqualTo("offline");
            assertThat(Instant.parse(offline.path("last_seen").asText())).isAfterOrEqualTo(before.minusSeconds(1));

            var status = chatStatus(watcher, bob);
            assertThat(status.path("status").asText()).isEqualTo("offline");
            assertThat(status.path("last_seen").asText()).isEqualTo(offline.path("last_seen").asText());
        }
    }

    @Test
    void awayOnOneDeviceIsStillOnlineWhileAnotherIsOnline() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        chats.group(alice.id(), bob.id());
        try (var watcher = alice.connect(); var phone = bob.connect(); var laptop = bob.connect()) {
            assertThat(statusOf(watcher, bob)).isEqualTo("online");
            phone.send("type", "status", "status", "away");
            watcher.expectNone("user_status", Duration.ofMillis(500));
            laptop.send("type", "status", "status", "away");
            assertThat(statusOf(watcher, bob)).isEqualTo("away");
            phone.send("type", "status", "status", "online");
            assertThat(statusOf(watcher, bob)).isEqualTo("online");
        }
    }

    @Test
    void statusGoesOnlyToPeopleWhoShareAChat() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var stranger = People.create("stranger");
        chats.group(alice.id(), bob.id());
        try (var watcher = alice.connect(); var outsider = stranger.connect(); var bobSocket = bob.connect()) {
            assertThat(statusOf(watcher, bob)).isEqualTo("online");
            outsider.expectNone("user_status", Duration.ofMillis(500));
            bobSocket.expectNone("user_status", Duration.ofMillis(100)); // not to themself
        }
    }

    /**
     * A group larger than the presence limit (50 members) spreads no status changes: 1,000
     * members connecting would otherwise be a million frames. Its presence is asked for, and a
     * direct chat or a small group still tells each change.
     */
    @Test
    void aLargeGroupsStatusChangesAreAskedForWhileSmallChatsAreTold() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        var crowd = new ArrayList<UUID>(List.of(bob.id()));
        for (int i = 0; i < 50; i++) {
            crowd.add(UUID.randomUUID());
        }
        var large = chats.group(alice.id(), crowd.toArray(UUID[]::new)); // 52 members
        chats.group(alice.id(), carol.id());
        try (var watcher = alice.connect()) {
            try (var bobSocket = bob.connect(); var carolSocket = carol.connect()) {
                assertThat(statusOf(watcher, carol)).isEqualTo("online");
                watcher.expectNone("user_status", Duration.ofMillis(700)); // bob shares only the large group
                watcher.send("type", "get_chat_status", "chat_id", large.toString());
                var bobInLarge = StreamSupport.stream(
                        watcher.next("chat_status").path("chats").get(0).path("members").spliterator(), false)
                        .filter(member -> member.path("user_id").asText().equals(bob.id().toString()))
                        .findFirst().orElseThrow();
                assertThat(bobInLarge.path("status").asText()).isEqualTo("online");
                bobSocket.send("type", "status", "status", "away");
                watcher.expectNone("user_status", Duration.ofMillis(700));
            }
            assertThat(statusOf(watcher, carol)).isEqualTo("offline");
            watcher.expectNone("user_status", Duration.ofMillis(700)); // nor bob's going offline
        }
    }

    private static String statusOf(TestSocket watcher, People user) {
        var event = watcher.next(e -> e.path("type").asText().equals("user_status")
                && e.path("user_id").asText().equals(user.id().toString()), "status of " + user.name());
        return event.path("status").asText();
    }

    private static JsonNode chatStatus(TestSocket watcher, People user) {
        watcher.send("{\"type\":\"get_chat_status\"}");
        for (var chat : watcher.next("chat_status").path("chats")) {
            for (var member : chat.path("members")) {
                if (member.path("user_id").asText().equals(user.id().toString())) {
                    return member;
                }
            }
        }
        throw new AssertionError(user.name() + " not in chat_status");
    }
}
