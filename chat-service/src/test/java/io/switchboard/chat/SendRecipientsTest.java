package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
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

/**
 * A message goes to the chat's members at the moment it is sent, although sending remembers a
 * chat's members between messages: every change of members or mutes is seen by the next send.
 * Whom a message is for follows from its place in the chat's log (the members after every event
 * before it), as a consumer works it out; who may send and {@code muted_by} come from the members
 * sending remembers.
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
        var chat = ann.group("Team", bob); // 1
        assertThat(ann.send(chat, "ann and bob")).isEqualTo(2);
        ann.request().body(Map.of("user_ids", List.of(cid.id()))).post("/api/chats/" + chat + "/members")
                .then().statusCode(200); // 3
        assertThat(cid.send(chat, "cid joins in")).isEqualTo(4); // a member as soon as added
        cid.request().post("/api/chats/" + chat + "/mute").then().statusCode(204);
        assertThat(ann.send(chat, "cid muted")).isEqualTo(5);
        ann.request().delete("/api/chats/" + chat + "/members/" + bob.id()).then().statusCode(204); // 6
        bob.request().body(Map.of("content", "not a member any more")).post("/api/chats/" + chat + "/messages")
                .then().statusCode(404);
        assertThat(ann.send(chat, "without bob")).isEqualTo(7);
        assertThat(cid.send(chat, "cid writes")).isEqualTo(8);

        var records = ChatEventsTopic.recordsOf(chat, 8);
        var json = new ObjectMapper();
        assertThat(records).hasSize(8).allSatisfy(record ->
                assertThat(json.readTree(record).has("recipients")).as(record).isFalse());
        var codec = new ChatEventCodec();
        var events = records.stream().map(codec::decode).toList();
        var recipients = Rosters.recipientsOf(events);
        var messages = events.stream().filter(e -> e.data() instanceof ChatEventData.MessageCreated).toList();
        assertThat(messages).extracting(SendRecipientsTest::content)
                .containsExactly("ann and bob", "cid joins in", "cid muted", "without bob", "cid writes");
        assertThat(messages).extracting(ChatEvent::seq).containsExactly(2L, 4L, 5L, 7L, 8L);
        assertThat(recipients.get(1)).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(recipients.get(3)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(mutedBy(events.get(3))).isEmpty();
        assertThat(recipients.get(4)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(mutedBy(events.get(4))).containsExactly(cid.id());
        assertThat(recipients.get(6)).containsExactlyInAnyOrder(ann.id(), cid.id());
        assertThat(mutedBy(events.get(6))).containsExactly(cid.id());
        assertThat(recipients.get(7)).containsExactlyInAnyOrder(ann.id(), cid.id());

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
