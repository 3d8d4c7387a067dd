package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;

/**
 * Chat events do not name whom they are for: the router keeps each chat's members from the
 * membership events it routes, and asks chat-service only for a chat whose earlier events it did
 * not see; while it cannot ask, the event waits and is not lost.
 */
@QuarkusTest
class RecipientsTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Inject
    StubServiceCallsResource calls;

    @Test
    void aChatFollowedFromItsCreationIsRoutedWithoutAskingChatService() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect(); var carolSocket = carol.connect()) {
            var chat = chats.group(alice.id(), bob.id());
            chats.addMember(chat, alice.id(), carol.id());
            chats.send(chat, alice.id(), "with carol");
            assertThat(carolSocket.next("new_message").path("message").path("content").asText()).isEqualTo("with carol");

            chats.removeMember(chat, alice.id(), bob.id());
            assertThat(bobSocket.next("user_left").path("user_id").asText()).as("the removed member learns it")
                    .isEqualTo(bob.id().toString());
            chats.send(chat, alice.id(), "without bob");
            assertThat(aliceSocket.next("new_message").path("message").path("content").asText()).isEqualTo("with carol");
            assertThat(aliceSocket.next("new_message").path("message").path("content").asText()).isEqualTo("without bob");
            assertThat(carolSocket.next("new_message").path("message").path("content").asText()).isEqualTo("without bob");
            assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("with carol");
            bobSocket.expectNone("new_message", Duration.ofMillis(300));

            assertThat(calls.membersBeforeRequests).doesNotContain(chat);
        }
    }

    @Test
    void aChatFirstSeenMidwayIsAskedForOnceAndFollowedFromThere() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        var chat = chats.existingGroup(alice.id(), List.of(bob.id()));
        try (var bobSocket = bob.connect(); var carolSocket = carol.connect()) {
            chats.send(chat, alice.id(), "one");
            chats.addMember(chat, alice.id(), carol.id());
            chats.send(chat, alice.id(), "two");
            assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("one");
            assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("two");
            assertThat(carolSocket.next("new_message").path("message").path("content").asText()).isEqualTo("two");

            assertThat(requestsFor(chat)).isEqualTo(1);
        }
    }

    @Test
    void whileChatServiceCannotBeAskedAnEventWaitsAndIsNotLost() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.existingGroup(alice.id(), List.of(bob.id()));
        try (var bobSocket = bob.connect()) {
            chats.unavailable(true);
            try {
                chats.send(chat, alice.id(), "sent while chat-service was down");
                await().atMost(Duration.ofSeconds(30)).until(() -> requestsFor(chat) >= 2); // asked, refused, asked again
                bobSocket.expectNone("new_message", Duration.ofMillis(200));
            } finally {
                chats.unavailable(false);
            }
            assertThat(bobSocket.next("new_message").path("message").path("content").asText())
                    .isEqualTo("sent while chat-service was down");
        }
    }

    /**
     * During a rolling upgrade a realtime instance may ask a chat-service that does not serve the
     * read yet: its 404 is not taken for a chat with nobody in it, and the event waits for it.
     */
    @Test
    void aChatServiceWithoutTheReadIsWaitedForNotTakenForAnEmptyChat() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.existingGroup(alice.id(), List.of(bob.id()));
        try (var bobSocket = bob.connect()) {
            calls.olderChatService = true;
            try {
                chats.send(chat, alice.id(), "sent while chat-service was being upgraded");
                await().atMost(Duration.ofSeconds(30)).until(() -> requestsFor(chat) >= 2);
                bobSocket.expectNone("new_message", Duration.ofMillis(200));
            } finally {
                calls.olderChatService = false;
            }
            assertThat(bobSocket.next("new_message").path("message").path("content").asText())
                    .isEqualTo("sent while chat-service was being upgraded");
        }
    }

    @Test
    void anEventOfAChatChatServiceNoLongerKnowsGoesToNobodyAndTheNextEventsFlow() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var gone = UUID.randomUUID();
        var chat = chats.existingGroup(alice.id(), List.of(bob.id()));
        try (var bobSocket = bob.connect()) {
            chats.publish(ChatEvent.of(gone, 5, alice.id(), new ChatEventData.ChatUpdated("gone", alice.id()),
                    Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> requestsFor(gone) >= 1);
            chats.send(chat, alice.id(), "after the unknown chat's event");
            assertThat(bobSocket.next("new_message").path("message").path("content").asText())
                    .isEqualTo("after the unknown chat's event");
            // a read taken for a failure would be tried again (the consumer's back-off is 1 s)
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> requestsFor(gone) == 1);
        }
    }

    private long requestsFor(UUID chat) {
        return calls.membersBeforeRequests.stream().filter(chat::equals).count();
    }
}
