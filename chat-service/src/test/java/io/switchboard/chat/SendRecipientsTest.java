package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;

/**
 * A message goes to the chat's members at the moment it is sent, although sending remembers a
 * chat's members between messages: every change of members or mutes is seen by the next send.
 */
@QuarkusTest
class SendRecipientsTest {

    @Inject
    AgroalDataSource db;

    @Test
    void eachMessageGoesToTheMembersOfItsMoment() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var chat = ann.group("Team", bob);
        ann.send(chat, "ann and bob");
        ann.request().body(Map.of("user_ids", List.of(cid.id()))).post("/api/chats/" + chat + "/members")
                .then().statusCode(200);
        ann.send(chat, "with cid");
        cid.request().post("/api/chats/" + chat + "/mute").then().statusCode(204);
        ann.send(chat, "cid muted");
        ann.request().delete("/api/chats/" + chat + "/members/" + bob.id()).then().statusCode(204);
        ann.send(chat, "without bob");
        cid.send(chat, "cid writes");

        var messages = ChatEventsTopic.eventsOf(chat, 8).stream()
                .filter(e -> e.data() instanceof ChatEventData.MessageCreated).toList();
        assertThat(messages).extracting(SendRecipientsTest::content)
                .containsExactly("ann and bob", "with cid", "cid muted", "without bob", "cid writes");
        assertThat(messages.get(0).recipients()).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(messages.get(1).recipients()).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(mutedBy(messages.get(1))).isEmpty();
        assertThat(messages.get(2).recipients()).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(mutedBy(messages.get(2))).containsExactly(cid.id());
        assertThat(messages.get(3).recipients()).containsExactlyInAnyOrder(ann.id(), cid.id());
        assertThat(messages.get(4).recipients()).containsExactlyInAnyOrder(ann.id(), cid.id());

        TestUser.create().request().body(Map.of("content", "not a member")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(404);
    }

    @Test
    void readingMovesNoMembersVersionAndChangingMembersDoes() throws SQLException {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.group("Team", bob);
        ann.send(chat, "hello");
        long created = membersVersion(chat);
        bob.request().post("/api/chats/" + chat + "/read").then().statusCode(200);
        assertThat(membersVersion(chat)).isEqualTo(created); // a read keeps the remembered members valid
        bob.request().post("/api/chats/" + chat + "/mute").then().statusCode(204);
        assertThat(membersVersion(chat)).isGreaterThan(created);
    }

    private long membersVersion(String chat) throws SQLException {
        try (var connection = db.getConnection();
             var query = connection.prepareStatement("SELECT members_version FROM chats WHERE id = ?")) {
            query.setObject(1, UUID.fromString(chat));
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String content(ChatEvent event) {
        return ((ChatEventData.MessageCreated) event.data()).message().content();
    }

    private static List<UUID> mutedBy(ChatEvent event) {
        return ((ChatEventData.MessageCreated) event.data()).mutedBy();
    }
}
