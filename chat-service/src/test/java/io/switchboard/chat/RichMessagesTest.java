package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEventData;

/** Replies, mentions, reactions, pins and files on messages: each change one event in the chat's log. */
@QuarkusTest
class RichMessagesTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aReplyCarriesThePreviewOfWhatTheOriginalIsNow() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        var original = messageId(ann, chat, "x".repeat(150));
        bob.request().body(Map.of("content", "answer", "reply_to", original))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201)
                .body("reply_to.id", equalTo(original))
                .body("reply_to.sender_id", equalTo(ann.id().toString()))
                .body("reply_to.preview", equalTo("x".repeat(100)))
                .body("reply_to.deleted", equalTo(false));
        ann.request().body(Map.of("content", "edited")).patch("/api/chats/" + chat + "/messages/" + original)
                .then().statusCode(200);
        assertThat(replyOf(ann.history(chat).getLast())).containsEntry("preview", "edited");
        ann.request().delete("/api/chats/" + chat + "/messages/" + original).then().statusCode(204);
        assertThat(replyOf(ann.history(chat).getLast())).containsEntry("deleted", true).containsEntry("preview", null);
    }

    @Test
    void aReplyToAnotherChatsMessageOrToNoMessageIsRefusedAndNothingIsStored() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var elsewhere = messageId(ann, ann.directChatWith(TestUser.create()), "elsewhere");
        for (Object replyTo : List.of(elsewhere, UUID.randomUUID().toString())) {
            ann.request().body(Map.of("content", "answer", "reply_to", replyTo))
                    .post("/api/chats/" + chat + "/messages").then().statusCode(400)
                    .body("code", equalTo("validation_failed")).body("errors[0].field", equalTo("reply_to"));
        }
        ann.request().body(Map.of("content", "answer", "reply_to", "not-a-uuid"))
                .post("/api/chats/" + chat + "/messages").then().statusCode(400);
        assertThat(ann.history(chat)).isEmpty();
    }

    @Test
    void mentionsByUsernameAndByIdKeepMembersOnly() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var stranger = TestUser.create();
        var chat = ann.group("Team", bob, cid);
        ann.request().body(Map.of("content", "@" + bob.name() + ", @" + stranger.name() + " and mail@" + cid.name()
                                + " see this. @" + bob.name().toUpperCase(),
                        "mentions", List.of(cid.id(), stranger.id())))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201)
                .body("mentions", contains(cid.id().toString(), bob.id().toString()));
        var created = (ChatEventData.MessageCreated) ChatEventsTopic.eventsOf(chat, 2).getLast().data();
        assertThat(created.message().mentions()).containsExactly(cid.id(), bob.id());
    }

    @Test
    void reactionsAreCountedPerEmojiWithTheReadersOwnAndEachChangeIsAnEvent() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.group("Team", bob);
        var message = messageId(ann, chat, "react to me");
        var path = "/api/chats/" + chat + "/messages/" + message + "/reactions/";
        ann.request().put(path + "👍").then().statusCode(200)
                .body("reactions", hasSize(1)).body("reactions[0].emoji", equalTo("👍"))
                .body("reactions[0].count", equalTo(1)).body("reactions[0].me", equalTo(true));
        ann.request().put(path + "👍").then().statusCode(200).body("reactions[0].count", equalTo(1));
        bob.request().put(path + "👍").then().statusCode(200).body("reactions[0].count", equalTo(2));
        bob.request().put(path + ":tada:").then().statusCode(200);
        bob.request().put(path + "👨‍👩‍👧").then().statusCode(200);
        ann.request().get("/api/chats/" + chat + "/messages").then().statusCode(200)
                .body("[0].reactions.emoji", contains("👍", ":tada:", "👨‍👩‍👧"))
                .body("[0].reactions.count", contains(2, 1, 1))
                .body("[0].reactions.me", contains(true, false, false));
        ann.request().delete(path + "👍").then().statusCode(200).body("reactions[0].count", equalTo(1))
                .body("reactions[0].me", equalTo(false));
        ann.request().delete(path + "👍").then().statusCode(200);

        var events = ann.request().get("/api/chats/" + chat + "/events").then().statusCode(200).extract().jsonPath();
        assertThat(events.getList("events.type")).containsSubsequence("message.created", "reaction.added",
                "reaction.added", "reaction.added", "reaction.added", "reaction.removed");
        assertThat(events.getList("events.type").stream().filter(t -> t.toString().startsWith("reaction")))
                .hasSize(5); // a repeated add and a repeated removal log nothing
        var topic = ChatEventsTopic.eventsOf(chat, 8);
        var removed = (ChatEventData.ReactionRemoved) topic.getLast().data();
        assertThat(removed.emoji()).isEqualTo("👍");
        assertThat(removed.count()).isEqualTo(1);
        assertThat(removed.userId()).isEqualTo(ann.id());
        assertThat(removed.messageId()).hasToString(message);
    }

    @Test
    void badReactionsAreRefused() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var message = messageId(ann, chat, "hi");
        var path = "/api/chats/" + chat + "/messages/" + message + "/reactions/";
        for (String bad : List.of("ab", "👍👍", ":" + "a".repeat(31) + ":", ":Nope:", "1")) {
            ann.request().put(path + bad).then().statusCode(400).body("code", equalTo("validation_failed"));
        }
        for (int i = 0; i < 20; i++) {
            ann.request().put(path + ":e" + i + ":").then().statusCode(200);
        }
        ann.request().put(path + ":one_more:").then().statusCode(409).body("code", equalTo("too_many_reactions"));
        ann.request().put(path + ":e3:").then().statusCode(200); // an existing one is still fine
        TestUser.create().request().put(path + "👍").then().statusCode(404).body("code", equalTo("chat_not_found"));
        ann.request().put("/api/chats/" + chat + "/messages/" + UUID.randomUUID() + "/reactions/👍").then()
                .statusCode(404).body("code", equalTo("message_not_found"));
        ann.request().delete("/api/chats/" + chat + "/messages/" + message).then().statusCode(204);
        ann.request().put(path + "👍").then().statusCode(409).body("code", equalTo("message_deleted"));
    }

    @Test
    void pinsAreListedAndEachChangeIsAnEventAndADeletedMessageLosesItsPin() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.group("Team", bob);
        var first = messageId(ann, chat, "first");
        var second = messageId(ann, chat, "second");
        bob.request().put("/api/chats/" + chat + "/pins/" + first).then().statusCode(204);
        bob.request().put("/api/chats/" + chat + "/pins/" + first).then().statusCode(204);
        ann.request().put("/api/chats/" + chat + "/pins/" + second).then().statusCode(204);
        ann.request().get("/api/chats/" + chat + "/pins").then().statusCode(200)
                .body("message.id", contains(second, first))
                .body("pinned_by", contains(ann.id().toString(), bob.id().toString()));
        TestUser.create().request().get("/api/chats/" + chat + "/pins").then().statusCode(404);
        TestUser.create().request().put("/api/chats/" + chat + "/pins/" + first).then().statusCode(404);

        ann.request().delete("/api/chats/" + chat + "/pins/" + second).then().statusCode(204);
        ann.request().delete("/api/chats/" + chat + "/pins/" + second).then().statusCode(204);
        ann.request().delete("/api/chats/" + chat + "/messages/" + first).then().statusCode(204);
        ann.request().get("/api/chats/" + chat + "/pins").then().statusCode(200).body("$", empty());
        var types = ann.request().get("/api/chats/" + chat + "/events").then().extract().jsonPath()
                .getList("events.type");
        assertThat(types.subList(types.size() - 5, types.size())).containsExactly("message.pinned",
                "message.pinned", "message.unpinned", "message.deleted", "message.unpinned");
        ann.request().put("/api/chats/" + chat + "/pins/" + first).then().statusCode(409)
                .body("code", equalTo("message_deleted"));
    }

    @Test
    void aMessageTakesTheSendersUnusedUploadsInOrderAndNoOtherFiles() throws SQLException {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.group("Team", bob);
        var photo = upload(chat, ann, "photo.png", "image/png");
        var doc = upload(chat, ann, "notes.pdf", "application/pdf");
        var bobs = upload(chat, bob, "bob.txt", "text/plain");
        var otherChat = upload(ann.directChatWith(bob), ann, "other.txt", "text/plain");

        for (var ids : List.of(List.of(bobs), List.of(otherChat), List.of(UUID.randomUUID()), List.of(photo, photo))) {
            ann.request().body(Map.of("content", "files", "attachment_ids", ids))
                    .post("/api/chats/" + chat + "/messages").then().statusCode(400)
                    .body("errors[0].field", equalTo("attachment_ids"));
        }
        String id = ann.request().body(Map.of("attachment_ids", List.of(doc, photo)))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201)
                .body("content", equalTo(""))
                .body("attachments.id", contains(doc.toString(), photo.toString()))
                .body("attachments.name", contains("notes.pdf", "photo.png"))
                .body("attachments[1].content_type", equalTo("image/png"))
                .extract().path("id");
        ann.request().body(Map.of("content", "again", "attachment_ids", List.of(photo)))
                .post("/api/chats/" + chat + "/messages").then().statusCode(400); // used already
        bob.request().get("/api/chats/" + chat + "/messages").then()
                .body("[0].id", equalTo(id)).body("[0].attachments", hasSize(2));
        ann.request().body(Map.of("content", "", "attachment_ids", List.of()))
                .post("/api/chats/" + chat + "/messages").then().statusCode(400).body("errors[0].field", equalTo("content"));
        ann.request().delete("/api/chats/" + chat + "/messages/" + id).then().statusCode(204);
        bob.request().get("/api/chats/" + chat + "/messages").then()
                .body("[0].attachments", empty()).body("[0].content", nullValue());
    }

    @Test
    void aPageOfHistoryShowsEachMessagesReplyReactionsAndFiles() throws SQLException {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.group("Team", bob);
        String previous = null;
        for (int i = 0; i < 50; i++) {
            var body = previous == null ? Map.<String, Object>of("content", "m" + i)
                    : Map.<String, Object>of("content", "m" + i, "reply_to", previous,
                    "attachment_ids", List.of(upload(chat, ann, "f" + i + ".txt", "text/plain")));
            previous = ann.request().body(body).post("/api/chats/" + chat + "/messages").then().statusCode(201)
                    .extract().path("id");
            bob.request().put("/api/chats/" + chat + "/messages/" + previous + "/reactions/👍").then().statusCode(200);
        }
        bob.request().get("/api/chats/" + chat + "/messages?limit=50").then().statusCode(200)
                .body("$", hasSize(50)).body("[49].reactions[0].me", equalTo(true))
                .body("[49].attachments", hasSize(1)).body("[49].reply_to.preview", equalTo("m48"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> replyOf(Map<String, Object> message) {
        return (Map<String, Object>) message.get("reply_to");
    }

    private static String messageId(TestUser user, String chat, String content) {
        return user.request().body(Map.of("content", content)).post("/api/chats/" + chat + "/messages").then()
                .statusCode(201).extract().path("id");
    }

    /** An upload as the upload endpoint leaves it (the object itself plays no part in sending). */
    private UUID upload(String chat, TestUser uploader, String name, String contentType) throws SQLException {
        var id = UUID.randomUUID();
        try (var connection = db.getConnection(); var statement = connection.prepareStatement("""
                INSERT INTO attachments (id, chat_id, uploader_id, name, content_type, size, sha256, object_key, created_at)
                VALUES (?, ?::uuid, ?, ?, ?, 3, ?, ?, ?)""")) {
            statement.setObject(1, id);
            statement.setString(2, chat);
            statement.setObject(3, uploader.id());
            statement.setString(4, name);
            statement.setString(5, contentType);
            statement.setString(6, "0".repeat(64));
            statement.setString(7, "test/" + id);
            statement.setObject(8, java.sql.Timestamp.from(Instant.now()));
            statement.executeUpdate();
        }
        return id;
    }
}
