package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

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
