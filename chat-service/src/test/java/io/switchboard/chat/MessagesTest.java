package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MessagesTest {

    @Test
    void sendingStoresTheMessageWithItsChatSequence() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        ann.request().body(Map.of("content", "hello", "message_type", "text"))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("chat_id", equalTo(chat))
                .body("seq", equalTo(2)) // seq 1 is chat.created
                .body("sender_id", equalTo(ann.id().toString()))
                .body("content", equalTo("hello"))
                .body("message_type", equalTo("text"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .body("edited_at", nullValue())
                .body("deleted", equalTo(false));
    }

    @Test
    void aRepeatedClientMessageIdReturnsTheOriginalAndStoresNothing() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var body = Map.of("content", "once", "client_message_id", "c-" + UUID.randomUUID());
        String id = ann.request().body(body).post("/api/chats/" + chat + "/messages")
                .then().statusCode(201).extract().path("id");
        ann.request().body(body).post("/api/chats/" + chat + "/messages")
                .then().statusCode(200).body("id", equalTo(id));
        assertThat(ann.history(chat)).hasSize(1);
    }

    @Test
    void concurrentRetriesOfOneClientMessageIdStoreOneMessage() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var body = Map.of("content", "raced", "client_message_id", "c-" + UUID.randomUUID());
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var ids = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return ann.request().body(body).post("/api/chats/" + chat + "/messages")
                            .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().<String>path("id");
                }));
            }
            start.countDown();
            var distinct = new java.util.HashSet<String>();
            for (var id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(1);
        }
        assertThat(ann.history(chat)).hasSize(1);
    }

    @Test
    void badMessagesAreProblemsWithTheirField() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        ann.request().body(Map.of("content", "  ")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("content"));
        ann.request().body(Map.of("content", "x".repeat(4001))).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("content"));
        ann.request().body(Map.of("content", "x".repeat(4000))).post("/api/chats/" + chat + "/messages")
                .then().statusCode(201);
        ann.request().body(Map.of("content", "x", "message_type", "system")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("message_type"));
        ann.request().body(Map.of("content", "x", "message_type", "Bad Type")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("message_type"));
        ann.request().body(Map.of("text", "x")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("code", equalTo("unknown_field"));
    }

    @Test
    void aMessageWithNulIsRefusedBeforeItIsQueuedAndTheNextSendIsUnhurt() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        ann.request().body(Map.of("content", "before\u0000after")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", contains("content"));
        ann.request().body(Map.of("content", "bell\u0007")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("errors.field", contains("content"));
        ann.request().body(Map.of("content", "fine", "client_message_id", "c-\u0000")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(400).body("errors.field", contains("client_message_id"));
        assertThat(ann.history(chat)).isEmpty();
        // Nothing was stored, not even an event: the next message takes the seq after chat.created.
        ann.request().body(Map.of("content", "next")).post("/api/chats/" + chat + "/messages")
                .then().time(lessThan(5_000L)).statusCode(201).body("seq", equalTo(2));
    }

    @Test
    void tabsAndLineBreaksAreKeptInAMessage() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var content = "first line\r\n\tindented\nlast line\n";
        ann.request().body(Map.of("content", content)).post("/api/chats/" + chat + "/messages")
                .then().statusCode(201).body("content", equalTo(content));
        assertThat(ann.history(chat)).extracting(m -> m.get("content")).containsExactly(content);
    }

    @Test
    void anEditWithAControlCharacterIsRefusedAndChangesNothing() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        String id = ann.request().body(Map.of("content", "draft")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(201).extract().path("id");
        ann.request().body(Map.of("content", "final\u0000")).patch("/api/chats/" + chat + "/messages/" + id)
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", contains("content"));
        assertThat(ann.history(chat)).extracting(m -> m.get("content")).containsExactly("draft");
    }

    @Test
    void theAuthorEditsAndNobodyElse() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        String id = ann.request().body(Map.of("content", "draft")).post("/api/chats/" + chat + "/messages")
                .then().extract().path("id");
        ann.request().body(Map.of("content", "final")).patch("/api/chats/" + chat + "/messages/" + id)
                .then().statusCode(200).body("content", equalTo("final")).body("edited_at", notNullValue());
        bob.request().body(Map.of("content", "hijack")).patch("/api/chats/" + chat + "/messages/" + id)
                .then().statusCode(403).body("code", equalTo("not_the_author"));
        ann.request().body(Map.of("content", "x")).patch("/api/chats/" + chat + "/messages/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("message_not_found"));
    }

    @Test
    void deletingKeepsTheSlotAndRemovesTheContent() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        var seq = ann.send(chat, "oops");
        String id = ann.request().get("/api/chats/" + chat + "/messages").then().extract().path("[0].id");
        bob.request().delete("/api/chats/" + chat + "/messages/" + id)
                .then().statusCode(403).body("code", equalTo("not_the_author"));
        ann.request().delete("/api/chats/" + chat + "/messages/" + id).then().statusCode(204);
        ann.request().delete("/api/chats/" + chat + "/messages/" + id).then().statusCode(204);
        ann.request().get("/api/chats/" + chat + "/messages").then()
                .body("[0].seq", equalTo((int) seq))
                .body("[0].deleted", equalTo(true))
                .body("[0].content", nullValue());
        ann.request().body(Map.of("content", "back")).patch("/api/chats/" + chat + "/messages/" + id)
                .then().statusCode(409).body("code", equalTo("message_deleted"));
    }

    @Test
    void theEventLogKeepsNoTextThatWasEditedAwayOrDeleted() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        ann.send(chat, "first draft");
        ann.send(chat, "regrettable");
        ann.send(chat, "typo");
        var messages = ann.history(chat);
        var edited = messages.get(0).get("id");
        var deleted = messages.get(1).get("id");
        var editedThenDeleted = messages.get(2).get("id");
        ann.request().body(Map.of("content", "second draft")).patch("/api/chats/" + chat + "/messages/" + edited)
                .then().statusCode(200);
        ann.request().body(Map.of("content", "final")).patch("/api/chats/" + chat + "/messages/" + edited)
                .then().statusCode(200);
        ann.request().delete("/api/chats/" + chat + "/messages/" + deleted).then().statusCode(204);
        ann.request().body(Map.of("content", "typo fixed")).patch("/api/chats/" + chat + "/messages/" + editedThenDeleted)
                .then().statusCode(200);
        ann.request().delete("/api/chats/" + chat + "/messages/" + editedThenDeleted).then().statusCode(204);

        // What a reconnecting client replays: every event is still there, none with the old text.
        var log = bob.request().get("/api/chats/" + chat + "/events").then().statusCode(200)
                .body("events.type", contains("chat.created", "message.created", "message.created", "message.created",
                        "message.updated", "message.updated", "message.deleted", "message.updated", "message.deleted"))
                .body("events[1].data.message.content", equalTo("final"))
                .body("events[1].data.message.edited_at", notNullValue())
                .body("events[2].data.message.content", nullValue())
                .body("events[2].data.message.deleted", equalTo(true))
                .body("events[3].data.message.content", nullValue())
                .body("events[3].data.message.deleted", equalTo(true))
                .body("events[4].data.content", equalTo("final"))
                .body("events[5].data.content", equalTo("final"))
                .body("events[7].data.content", nullValue())
                .extract().asString();
        assertThat(log).doesNotContain("first draft", "second draft", "regrettable", "typo");
    }

    @Test
    void aDeletionRacingAnEditStaysADeletion() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        for (int i = 0; i < 20; i++) {
            ann.send(chat, "draft " + i);
        }
        var ids = ann.history(chat).stream().map(m -> (String) m.get("id")).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var deletes = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (var id : ids) {
                pool.submit(() -> ann.request().body(Map.of("content", "edited")).patch("/api/chats/" + chat + "/messages/" + id)
                        .statusCode());
                deletes.add(pool.submit(() -> ann.request().delete("/api/chats/" + chat + "/messages/" + id).statusCode()));
            }
            for (var delete : deletes) {
                assertThat(delete.get()).isEqualTo(204);
            }
        }
        assertThat(ann.history(chat)).allSatisfy(message -> {
            assertThat(message.get("deleted")).as("deleted %s", message.get("id")).isEqualTo(true);
            assertThat(message.get("content")).isNull();
        });
        var log = ann.request().get("/api/chats/" + chat + "/events?limit=1000").asString();
        assertThat(log.contains("draft ") || log.contains("\"edited\"")).as("text left in the log").isFalse();
    }

    @Test
    void theGroupOwnerAndAdminsMayDeleteOthersMessages() {
        var owner = TestUser.create();
        var bob = TestUser.create();
        var admin = TestUser.create("user", "admin");
        var group = owner.group("Team", bob, admin);
        bob.send(group, "first");
        bob.send(group, "second");
        var ids = owner.request().get("/api/chats/" + group + "/messages").then().extract().jsonPath().getList("id");
        owner.request().delete("/api/chats/" + group + "/messages/" + ids.get(0)).then().statusCode(204);
        admin.request().delete("/api/chats/" + group + "/messages/" + ids.get(1)).then().statusCode(204);
        owner.request().get("/api/chats/" + group + "/messages").then().body("deleted", contains(true, true));
    }

    @Test
    void historyPagesBySequence() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        for (int i = 1; i <= 10; i++) {
            ann.send(chat, "m" + i); // seqs 2..11
        }
        ann.request().get("/api/chats/" + chat + "/messages?limit=3").then().statusCode(200)
                .body("content", contains("m8", "m9", "m10"));
        ann.request().get("/api/chats/" + chat + "/messages?limit=3&before_seq=9").then()
                .body("content", contains("m5", "m6", "m7"));
        ann.request().get("/api/chats/" + chat + "/messages?limit=3&after_seq=3").then()
                .body("content", contains("m3", "m4", "m5"));
        ann.request().get("/api/chats/" + chat + "/messages?after_seq=3&before_seq=6").then()
                .body("content", contains("m3", "m4"));
        ann.request().get("/api/chats/" + chat + "/messages?limit=201").then()
                .statusCode(400).body("code", equalTo("validation_failed"));
        ann.request().get("/api/chats/" + chat + "/messages?limit=0").then().statusCode(400);
        ann.request().get("/api/chats/" + chat + "/messages?after_seq=-1").then().statusCode(400);
        ann.request().get("/api/chats/" + chat + "/messages?limit=1000").then().statusCode(400);
        ann.request().get("/api/chats/" + chat + "/messages").then().body("$", hasSize(10));
    }

    @Test
    void nonMembersCannotTouchMessages() {
        var ann = TestUser.create();
        var eve = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        ann.send(chat, "secret");
        String id = ann.request().get("/api/chats/" + chat + "/messages").then().extract().path("[0].id");
        eve.request().get("/api/chats/" + chat + "/messages").then().statusCode(404).body("code", equalTo("chat_not_found"));
        eve.request().body(Map.of("content", "x")).post("/api/chats/" + chat + "/messages").then().statusCode(404);
        eve.request().body(Map.of("content", "x")).patch("/api/chats/" + chat + "/messages/" + id).then().statusCode(404);
        eve.request().delete("/api/chats/" + chat + "/messages/" + id).then().statusCode(404);
        eve.request().body(Map.of()).post("/api/chats/" + chat + "/read").then().statusCode(404);
        eve.request().get("/api/chats/" + chat + "/events").then().statusCode(404);
    }
}
