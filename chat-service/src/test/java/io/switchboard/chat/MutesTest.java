package io.switchboard.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;

/** A member mutes a chat for themself; message.created events name who muted it, for notifications. */
@QuarkusTest
class MutesTest {

    @Test
    void aMuteShowsOnlyInTheMutingMembersViewOfTheChat() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.group("Team", bob);
        bob.request().post("/api/chats/" + chat + "/mute").then().statusCode(204);

        bob.request().get("/api/chats/" + chat).then().statusCode(200).body("muted", equalTo(true));
        bob.request().get("/api/chats").then().statusCode(200)
                .body("find { it.id == '" + chat + "' }.muted", equalTo(true));
        ann.request().get("/api/chats/" + chat).then().statusCode(200).body("muted", equalTo(false));
        ann.request().get("/api/chats").then().statusCode(200)
                .body("find { it.id == '" + chat + "' }.muted", equalTo(false));

        bob.request().delete("/api/chats/" + chat + "/mute").then().statusCode(204);
        bob.request().get("/api/chats/" + chat).then().statusCode(200).body("muted", equalTo(false));
    }

    @Test
    void messagesNameTheMembersWhoMutedTheChatWhenTheyWereSent() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var chat = ann.group("Team", bob, cid);
        bob.request().post("/api/chats/" + chat + "/mute").then().statusCode(204);
        ann.send(chat, "while bob is muted");
        bob.request().delete("/api/chats/" + chat + "/mute").then().statusCode(204);
        ann.send(chat, "after bob unmuted");

        // Muting is a member's own setting, not an event of the chat: the events API shows it to
        // the member who muted and to no one else.
        bob.request().get("/api/chats/" + chat + "/events").then().statusCode(200)
                .body("events.type", contains("chat.created", "message.created", "message.created"))
                .body("events[1].data.muted_by", contains(bob.id().toString()))
                .body("events[2].data.muted_by", empty());
        ann.request().get("/api/chats/" + chat + "/events").then().statusCode(200)
                .body("events[1].data.muted_by", empty())
                .body("events[1]", not(hasKey("recipients")));

        var published = ChatEventsTopic.eventsOf(chat, 3);
        assertThat(published).extracting(ChatEvent::type)
                .containsExactly("chat.created", "message.created", "message.created");
        assertThat(published.get(1).data()).isInstanceOfSatisfying(ChatEventData.MessageCreated.class, created -> {
            assertThat(created.message().content()).isEqualTo("while bob is muted");
            assertThat(created.mutedBy()).containsExactly(bob.id());
        });
        // A muted member still gets the message (muted_by is for notifications only).
        assertThat(Rosters.recipientsOf(published).get(1)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(published.get(2).data()).isInstanceOfSatisfying(ChatEventData.MessageCreated.class, created -> {
            assertThat(created.message().content()).isEqualTo("after bob unmuted");
            assertThat(created.mutedBy()).isEmpty();
        });
    }

    @Test
    void mutingAndUnmutingTwiceChangesNothing() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        ann.request().post("/api/chats/" + chat + "/mute").then().statusCode(204);
        ann.request().post("/api/chats/" + chat + "/mute").then().statusCode(204);
        ann.request().get("/api/chats/" + chat).then().statusCode(200).body("muted", equalTo(true));
        ann.request().delete("/api/chats/" + chat + "/mute").then().statusCode(204);
        ann.request().delete("/api/chats/" + chat + "/mute").then().statusCode(204);
        ann.request().get("/api/chats/" + chat).then().statusCode(200).body("muted", equalTo(false));
    }

    @Test
    void onlyMembersMuteAndOthersGetNotFound() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var eve = TestUser.create();
        var chat = ann.group("Private", bob);
        eve.request().post("/api/chats/" + chat + "/mute").then().statusCode(404).body("code", equalTo("chat_not_found"));
        eve.request().delete("/api/chats/" + chat + "/mute").then().statusCode(404).body("code", equalTo("chat_not_found"));
        eve.request().post("/api/chats/" + UUID.randomUUID() + "/mute").then().statusCode(404)
                .body("code", equalTo("chat_not_found"));
        // A member who left can no longer mute it.
        bob.request().delete("/api/chats/" + chat + "/members/" + bob.id()).then().statusCode(204);
        bob.request().post("/api/chats/" + chat + "/mute").then().statusCode(404).body("code", equalTo("chat_not_found"));
    }

    @Test
    void mutingNeedsAUserToken() {
        var chat = TestUser.create().directChatWith(TestUser.create());
        given().post("/api/chats/" + chat + "/mute").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().delete("/api/chats/" + chat + "/mute").then().statusCode(401).body("code", equalTo("unauthorized"));
    }
}
