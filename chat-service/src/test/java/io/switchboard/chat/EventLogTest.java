package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;

/** Every change is one event in the chat's log, readable for resume and published to Kafka. */
@QuarkusTest
class EventLogTest {

    @Inject
    AgroalDataSource db;

    @Test
    void everyKindOfChangeIsAnEventInOrderAndOnTheTopic() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var chat = ann.group("Team", bob);
        ann.request().body(Map.of("title", "Renamed")).patch("/api/chats/" + chat).then().statusCode(200);
        ann.request().body(Map.of("user_ids", java.util.List.of(cid.id()))).post("/api/chats/" + chat + "/members")
                .then().statusCode(200);
        ann.send(chat, "hello");
        String id = ann.request().get("/api/chats/" + chat + "/messages").then().extract().path("[0].id");
        ann.request().body(Map.of("content", "hello!")).patch("/api/chats/" + chat + "/messages/" + id)
                .then().statusCode(200);
        bob.request().post("/api/chats/" + chat + "/read").then().statusCode(200);
        ann.request().delete("/api/chats/" + chat + "/messages/" + id).then().statusCode(204);
        ann.request().delete("/api/chats/" + chat + "/members/" + cid.id()).then().statusCode(204);

        var expectedTypes = new String[] {"chat.created", "chat.updated", "chat.member_added", "message.created",
                "message.updated", "messages.read", "message.deleted", "chat.member_removed"};
        var page = ann.request().get("/api/chats/" + chat + "/events").then().statusCode(200)
                .body("chat_id", equalTo(chat))
                .body("last_seq", equalTo(8))
                .extract().jsonPath();
        assertThat(page.getList("events.type")).containsExactly((Object[]) expectedTypes);
        assertThat(page.getList("events.seq", Integer.class)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(page.getList("events.source")).containsOnly("chat-service");
        assertThat(page.getList("events.subject")).containsOnly(chat);
        // An event does not name whom it is for: consumers keep each chat's members themselves.
        assertThat(page.<Map<String, Object>>getList("events")).hasSize(8)
                .allSatisfy(event -> assertThat(event).containsKey("data").doesNotContainKey("recipients"));

        var records = ChatEventsTopic.recordsOf(chat, 8);
        var json = new ObjectMapper();
        assertThat(records).hasSize(8).allSatisfy(record ->
                assertThat(json.readTree(record).has("recipients")).as(record).isFalse());
        var codec = new ChatEventCodec();
        var published = records.stream().map(codec::decode).toList();
        assertThat(published).extracting(ChatEvent::type).containsExactly(expectedTypes);
        assertThat(published).extracting(ChatEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(published.get(3).data()).isInstanceOfSatisfying(ChatEventData.MessageCreated.class,
                created -> assertThat(created.message().content()).isEqualTo("hello"));
        assertThat(published.get(3).id().toString()).isEqualTo(page.getString("events[3].id"));

        var recipients = Rosters.recipientsOf(published);
        assertThat(recipients.get(0)).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(recipients.get(1)).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(recipients.get(2)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id()); // cid learns it
        for (int i = 3; i < 7; i++) {
            assertThat(recipients.get(i)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        }
        // The removed member is told too.
        assertThat(recipients.get(7)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
    }

    @Test
    void eventsArePagedAfterASequence() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        for (int i = 0; i < 5; i++) {
            ann.send(chat, "m" + i);
        }
        var page = ann.request().get("/api/chats/" + chat + "/events?after_seq=2&limit=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("events.seq", Integer.class)).containsExactly(3, 4);
        assertThat(page.getInt("last_seq")).isEqualTo(6);
        ann.request().get("/api/chats/" + chat + "/events?after_seq=6").then().statusCode(200)
                .body("events.size()", equalTo(0));
    }

    /** A page holds at most chat.events.page-max-bytes (1 MiB) of events; the next page goes on from it. */
    @Test
    void aPageOfLongMessagesStopsAtItsByteBoundAndTheNextGoesOn() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var content = "x".repeat(4000);
        for (int i = 0; i < 300; i++) {
            ann.send(chat, content);
        }
        var first = ann.request().get("/api/chats/" + chat + "/events?after_seq=0&limit=1000").then().statusCode(200)
                .extract().response();
        var seqs = first.jsonPath().getList("events.seq", Long.class);
        assertThat(first.asByteArray().length).isLessThan(1_048_576 + 10_000);
        assertThat(seqs).hasSizeBetween(200, 299).startsWith(1L);
        var rest = ann.request().get("/api/chats/" + chat + "/events?after_seq=" + seqs.getLast() + "&limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("events.seq", Long.class);
        assertThat(rest).first().isEqualTo(seqs.getLast() + 1);
        assertThat(rest).last().isEqualTo(301L);
    }

    @Test
    void aGapOlderThanTheLogKeepsNeedsAResync() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        for (int i = 0; i < 4; i++) {
            ann.send(chat, "m" + i);
        }
        try (var c = db.getConnection(); var s = c.prepareStatement("DELETE FROM chat_events WHERE chat_id = ? AND seq <= 3")) {
            s.setObject(1, UUID.fromString(chat));
            s.executeUpdate();
        }
        ann.request().get("/api/chats/" + chat + "/events?after_seq=1").then().statusCode(410)
                .body("code", equalTo("resync_required"));
        ann.request().get("/api/chats/" + chat + "/events?after_seq=3").then().statusCode(200)
                .body("events.seq", org.hamcrest.Matchers.contains(4, 5));
    }
}
