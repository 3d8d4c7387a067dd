package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.devstack.TestSocket;
import io.switchboard.realtime.delivery.ChatEventRouter;

/**
 * Every chat-service event, consumed from real Kafka, reaches every socket of every member as
 * its WebSocket event, carrying its chat and sequence; membership changes move who gets them.
 */
@QuarkusTest
class ChatEventsTest extends DevStackResources {

    @Inject
    StubChats chats;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyEventTypeReachesEveryMemberWithItsChatAndSequence() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            var chat = chats.group(alice.id(), bob.id());
            var created = bobSocket.next("chat_created");
            assertThat(created.path("chat_id").asText()).isEqualTo(chat.toString());
            assertThat(created.path("event_seq").asLong()).isEqualTo(1);
            assertThat(created.path("member_ids")).hasSize(2);
            assertThat(created.path("owner_id").asText()).isEqualTo(alice.id().toString());

            var message = chats.send(chat, alice.id(), "hello");
            for (var socket : new TestSocket[] {aliceSocket, bobSocket}) {
                var event = socket.next("new_message");
                assertThat(event.path("chat_id").asText()).isEqualTo(chat.toString());
                assertThat(event.path("event_seq").asLong()).isEqualTo(2);
                assertThat(event.path("message").path("id").asText()).isEqualTo(message.id().toString());
                assertThat(event.path("message").path("content").asText()).isEqualTo("hello");
                assertThat(event.path("message").path("sender_id").asText()).isEqualTo(alice.id().toString());
                assertThat(event.path("timestamp").asText()).isNotBlank();
            }

            chats.edit(chat, message.id(), "hello!");
            var updated = bobSocket.next("message_updated");
            assertThat(updated.path("message_id").asText()).isEqualTo(message.id().toString());
            assertThat(updated.path("content").asText()).isEqualTo("hello!");
            assertThat(updated.path("edited_at").asText()).isNotBlank();
            assertThat(updated.path("event_seq").asLong()).isEqualTo(3);

            chats.delete(chat, message.id(), alice.id());
            var deleted = bobSocket.next("message_deleted");
            assertThat(deleted.path("message_id").asText()).isEqualTo(message.id().toString());
            assertThat(deleted.path("event_seq").asLong()).isEqualTo(4);

            chats.read(chat, bob.id(), 2L);
            var read = aliceSocket.next("messages_read");
            assertThat(read.path("user_id").asText()).isEqualTo(bob.id().toString());
            assertThat(read.path("seq").asLong()).isEqualTo(2);
            assertThat(read.path("event_seq").asLong()).isEqualTo(5);

            chats.rename(chat, alice.id(), "Renamed");
            var renamed = bobSocket.next("chat_updated");
            assertThat(renamed.path("title").asText()).isEqualTo("Renamed");
            assertThat(renamed.path("event_seq").asLong()).isEqualTo(6);
        }
    }

    @Test
    void everyDeviceOfAMemberGetsTheEventAndNonMembersDoNot() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var eve = People.create("eve");
        try (var phone = alice.connect(); var laptop = alice.connect(); var bobSocket = bob.connect();
             var eveSocket = eve.connect()) {
            var chat = chats.group(bob.id(), alice.id());
            chats.send(chat, bob.id(), "to both devices");

            assertThat(phone.next("new_message").path("message").path("content").asText()).isEqualTo("to both devices");
            assertThat(laptop.next("new_message").path("message").path("content").asText()).isEqualTo("to both devices");
            assertThat(bobSocket.next("new_message").path("chat_id").asText()).isEqualTo(chat.toString());
            eveSocket.expectNone("new_message", Duration.ofMillis(500));
        }
    }

    @Test
    void aMemberAddedLaterIsSubscribedAndARemovedOneIsNotAnyMore() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        try (var aliceSocket = alice.connect(); var carolSocket = carol.connect()) {
            var chat = chats.group(alice.id(), bob.id());

            chats.addMember(chat, alice.id(), carol.id());
            var joined = aliceSocket.next("user_joined");
            assertThat(joined.path("user_id").asText()).isEqualTo(carol.id().toString());
            assertThat(joined.path("added_by").asText()).isEqualTo(alice.id().toString());
            assertThat(carolSocket.next("user_joined").path("chat_id").asText()).isEqualTo(chat.toString());

            chats.send(chat, alice.id(), "welcome");
            assertThat(carolSocket.next("new_message").path("message").path("content").asText()).isEqualTo("welcome");
            assertThat(aliceSocket.next("new_message").path("message").path("content").asText()).isEqualTo("welcome");

            chats.removeMember(chat, alice.id(), carol.id());
            JsonNode left = carolSocket.next("user_left");
            assertThat(left.path("user_id").asText()).isEqualTo(carol.id().toString());
            assertThat(left.path("removed_by").asText()).isEqualTo(alice.id().toString());
            aliceSocket.next("user_left");

            chats.send(chat, alice.id(), "after carol left");
            assertThat(aliceSocket.next("new_message").path("message").path("content").asText())
                    .isEqualTo("after carol left");
            carolSocket.expectNone("new_message", Duration.ofMillis(500));
        }
    }

    @Test
    void aChatsEventsArriveInTheirOrder() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        try (var bobSocket = bob.connect()) {
            var chat = chats.group(alice.id(), bob.id());
            for (int i = 0; i < 200; i++) {
                chats.send(chat, alice.id(), "m" + i);
            }
            long previous = 1;
            for (int i = 0; i < 200; i++) {
                var event = bobSocket.next("new_message");
                assertThat(event.path("event_seq").asLong()).isEqualTo(previous + 1);
                previous = event.path("event_seq").asLong();
            }
        }
    }

    /**
     * Routed offsets are committed every quarter of a second while events keep coming, and at
     * once when they stop: by then the group's offsets are at the end of every chat partition.
     */
    @Test
    void whatWasRoutedIsCommittedOnceEventsStop() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        try (var bobSocket = bob.connect()) {
            var chat = chats.group(alice.id(), bob.id());
            for (int i = 0; i < 50; i++) {
                chats.send(chat, alice.id(), "m" + i);
            }
            for (int i = 0; i < 50; i++) {
                bobSocket.next("new_message");
            }
        }
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var partitions = admin.describeTopics(List.of(Topics.CHAT_EVENTS)).allTopicNames().get()
                    .get(Topics.CHAT_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.CHAT_EVENTS, p.partition())).toList();
            var ends = new HashMap<TopicPartition, Long>();
            admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var committed = new HashMap<TopicPartition, Long>();
                admin.listConsumerGroupOffsets(ChatEventRouter.GROUP).partitionsToOffsetAndMetadata().get()
                        .forEach((partition, offset) -> committed.put(partition, offset.offset()));
                assertThat(committed).containsAllEntriesOf(ends);
            });
        }
    }

    /**
     * Chat events reach an instance at least once (a relay resending after a broker stall, a
     * router retrying a batch): a socket is given each (chat, seq) once, and what follows a repeat
     * still arrives.
     */
    @Test
    void anEventPublishedTwiceReachesASocketOnce() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        try (var bobSocket = bob.connect()) {
            var chat = chats.group(alice.id(), bob.id());
            bobSocket.next("chat_created");
            chats.send(chat, alice.id(), "once");
            var first = bobSocket.next("new_message");
            assertThat(first.path("message").path("content").asText()).isEqualTo("once");

            chats.publish(chats.chat(chat).log.getLast()); // the same event again
            chats.send(chat, alice.id(), "next");
            var next = bobSocket.next("new_message");
            assertThat(next.path("message").path("content").asText()).as("the repeat was not written").isEqualTo("next");
            assertThat(next.path("event_seq").asLong()).isEqualTo(first.path("event_seq").asLong() + 1);
        }
    }
}
