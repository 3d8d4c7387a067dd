package io.switchboard.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ChatsTest {

    @Test
    void aDirectChatIsCreatedOnceWhoeverAsks() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var id = ann.directChatWith(bob);
        ann.request().body(Map.of("type", "direct", "user_id", bob.id())).post("/api/chats")
                .then().statusCode(200).body("id", equalTo(id));
        bob.request().body(Map.of("type", "direct", "user_id", ann.id())).post("/api/chats")
                .then().statusCode(200).body("id", equalTo(id))
                .body("type", equalTo("direct"))
                .body("owner_id", nullValue())
                .body("members.user_id", containsInAnyOrder(ann.id().toString(), bob.id().toString()));
    }

    @Test
    void theChatListComesInPagesThatLinkToTheNext() {
        var ann = TestUser.create();
        for (int i = 0; i < 5; i++) {
            ann.directChatWith(TestUser.create());
        }
        List<String> whole = ann.request().get("/api/chats").then().statusCode(200)
                .header("Link", nullValue()).extract().path("id");
        assertThat(whole).hasSize(5);

        var paged = new java.util.ArrayList<String>();
        var next = "/api/chats?limit=2";
        while (next != null) {
            var page = ann.request().get(next).then().statusCode(200).extract();
            paged.addAll(page.path("id"));
            var link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            assertThat(paged.size()).as("pages end").isLessThanOrEqualTo(6);
        }
        assertThat(paged).isEqualTo(whole);

        // a cursor must be one of my chats
        TestUser.create().request().get("/api/chats?after=" + whole.get(0)).then().statusCode(404)
                .body("code", equalTo("chat_not_found"));
    }

    @Test
    void aDirectChatNeedsAnotherExistingUser() {
        var ann = TestUser.create();
        ann.request().body(Map.of("type", "direct", "user_id", ann.id())).post("/api/chats")
                .then().statusCode(400).body("code", equalTo("chat_with_self"));
        ann.request().body(Map.of("type", "direct", "user_id", UUID.randomUUID())).post("/api/chats")
                .then().statusCode(404).body("code", equalTo("user_not_found"));
        ann.request().body(Map.of("type", "direct")).post("/api/chats")
                .then().statusCode(400).body("errors[0].field", equalTo("user_id"));
        ann.request().body(Map.of("type", "direct", "user_id", TestUser.create().id(), "title", "x")).post("/api/chats")
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
    }

    @Test
    void aGroupHasItsCreatorAsOwnerAndTheGivenMembers() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        ann.request().body(Map.of("type", "group", "title", "Team", "member_ids", List.of(bob.id(), cid.id(), bob.id())))
                .post("/api/chats").then().statusCode(201)
                .body("type", equalTo("group"))
                .body("title", equalTo("Team"))
                .body("owner_id", equalTo(ann.id().toString()))
                .body("members", hasSize(3))
                .body("members.find { it.user_id == '" + ann.id() + "' }.role", equalTo("owner"))
                .body("last_seq", equalTo(1))
                .body("unread_count", equalTo(0));
    }

    @Test
    void badChatRequestsAreProblems() {
        var ann = TestUser.create();
        ann.request().body(Map.of("type", "group", "member_ids", List.of())).post("/api/chats")
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
        ann.request().body(Map.of("type", "channel")).post("/api/chats")
                .then().statusCode(400).body("errors[0].field", equalTo("type"));
        ann.request().body(Map.of("type", "group", "title", "T", "members", List.of())).post("/api/chats")
                .then().statusCode(400).body("code", equalTo("unknown_field"));
        ann.request().body(Map.of("type", "group", "title", "T", "member_ids", List.of(UUID.randomUUID())))
                .post("/api/chats").then().statusCode(404).body("code", equalTo("user_not_found"));
        ann.request().body("{\"type\":").post("/api/chats").then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void myChatsComeMostRecentFirstWithLastMessageUnreadCountAndMembers() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var withBob = ann.directChatWith(bob);
        var withCid = ann.directChatWith(cid);
        bob.send(withBob, "one");
        bob.send(withBob, "two");
        cid.send(withCid, "hi");
        ann.request().get("/api/chats").then().statusCode(200)
                .body("id", contains(withCid, withBob))
                .body("[0].last_message.content", equalTo("hi"))
                .body("[0].unread_count", equalTo(1))
                .body("[1].last_message.content", equalTo("two"))
                .body("[1].unread_count", equalTo(2))
                .body("[1].last_read_seq", equalTo(0))
                .body("[1].members", hasSize(2));
        bob.send(withBob, "three");
        ann.request().get("/api/chats").then().body("id", contains(withBob, withCid));
        // The sender's own messages are never unread for them.
        bob.request().get("/api/chats").then().body("[0].unread_count", equalTo(0));
    }

    @Test
    void onlyMembersSeeAChatAndOthersGetNotFound() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var eve = TestUser.create();
        var chat = ann.group("Private", bob);
        eve.request().get("/api/chats/" + chat).then().statusCode(404).body("code", equalTo("chat_not_found"));
        eve.request().body(Map.of("title", "mine")).patch("/api/chats/" + chat).then().statusCode(404);
        eve.request().body(Map.of("user_ids", List.of(eve.id()))).post("/api/chats/" + chat + "/members")
                .then().statusCode(404);
        eve.request().delete("/api/chats/" + chat + "/members/" + bob.id()).then().statusCode(404);
        eve.request().get("/api/chats/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("chat_not_found"));
        eve.request().get("/api/chats").then().body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(chat)));
    }

    @Test
    void anyMemberMayRenameAGroupButNotADirectChat() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var group = ann.group("Old", bob);
        bob.request().body(Map.of("title", "New")).patch("/api/chats/" + group)
                .then().statusCode(200).body("title", equalTo("New"));
        var direct = ann.directChatWith(TestUser.create());
        ann.request().body(Map.of("title", "x")).patch("/api/chats/" + direct)
                .then().statusCode(409).body("code", equalTo("not_a_group"));
        ann.request().body(Map.of("title", " ")).patch("/api/chats/" + group)
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
    }

    @Test
    void aTitleWithAControlCharacterIsRefused() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        for (var title : List.of("Team\u0000", "Team\nchat", "Team\tchat", "Team\u007F")) {
            ann.request().body(Map.of("type", "group", "title", title, "member_ids", List.of(bob.id())))
                    .post("/api/chats").then().statusCode(400).body("code", equalTo("validation_failed"))
                    .body("errors.field", contains("title"));
        }
        var group = ann.group("Team", bob);
        ann.request().body(Map.of("title", "Renamed\u0000")).patch("/api/chats/" + group)
                .then().statusCode(400).body("errors.field", contains("title"));
        ann.request().get("/api/chats/" + group).then().body("title", equalTo("Team"));
    }

    @Test
    void membersAddOthersAndAddingTwiceChangesNothing() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var group = ann.group("Team", bob);
        bob.request().body(Map.of("user_ids", List.of(cid.id()))).post("/api/chats/" + group + "/members")
                .then().statusCode(200).body("members", hasSize(3));
        bob.request().body(Map.of("user_ids", List.of(cid.id()))).post("/api/chats/" + group + "/members")
                .then().statusCode(200).body("members", hasSize(3));
        cid.request().get("/api/chats/" + group).then().statusCode(200);
        ann.request().body(Map.of("user_ids", List.of(UUID.randomUUID()))).post("/api/chats/" + group + "/members")
                .then().statusCode(404).body("code", equalTo("user_not_found"));
        ann.request().body(Map.of("user_ids", List.of())).post("/api/chats/" + group + "/members")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void membersLeaveAndOnlyTheOwnerRemovesOthers() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var group = ann.group("Team", bob, cid);
        bob.request().delete("/api/chats/" + group + "/members/" + cid.id())
                .then().statusCode(403).body("code", equalTo("not_the_owner"));
        ann.request().delete("/api/chats/" + group + "/members/" + cid.id()).then().statusCode(204);
        cid.request().get("/api/chats/" + group).then().statusCode(404);
        bob.request().delete("/api/chats/" + group + "/members/" + bob.id()).then().statusCode(204);
        bob.request().get("/api/chats/" + group).then().statusCode(404);
        ann.request().delete("/api/chats/" + group + "/members/" + bob.id())
                .then().statusCode(404).body("code", equalTo("member_not_found"));
    }

    @Test
    void whenTheOwnerLeavesTheLongestStandingMemberOwnsTheGroup() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var group = ann.group("Team", bob, cid);
        ann.request().delete("/api/chats/" + group + "/members/" + ann.id()).then().statusCode(204);
        var owner = bob.request().get("/api/chats/" + group).then().statusCode(200).extract().path("owner_id");
        assertThat(owner).isIn(bob.id().toString(), cid.id().toString());
    }

    @Test
    void directChatsCannotBeLeft() {
        var ann = TestUser.create();
        var direct = ann.directChatWith(TestUser.create());
        ann.request().delete("/api/chats/" + direct + "/members/" + ann.id())
                .then().statusCode(409).body("code", equalTo("not_a_group"));
    }

    @Test
    void whenUsersCannotBeCheckedNobodyIsAddedUnchecked() {
        var ann = TestUser.create();
        var troubled = TestUser.create();
        StubAuthUsers.FAILING.add(troubled.id());
        ann.request().body(Map.of("type", "direct", "user_id", troubled.id())).post("/api/chats")
                .then().statusCode(503).body("code", equalTo("directory_unavailable"));
        ann.request().get("/api/chats").then().body("$", hasSize(0));
    }

    @Test
    void chatsNeedAUserToken() {
        given().get("/api/chats").then().statusCode(401).body("code", equalTo("unauthorized"));
        var expired = io.switchboard.devstack.TestTokens.get().token(UUID.randomUUID(), "x", java.time.Duration.ofSeconds(-10));
        given().auth().oauth2(expired).get("/api/chats").then().statusCode(401);
        var service = io.switchboard.devstack.TestTokens.get().serviceToken("some-backend");
        given().auth().oauth2(service).get("/api/chats").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void aRememberedTokenIsStillCheckedByItsWholeText() {
        var token = io.switchboard.devstack.TestTokens.get().token(UUID.randomUUID(), "remembered");
        given().auth().oauth2(token).get("/api/chats").then().statusCode(200); // verified, now remembered

        var parts = token.split("\\.");
        var signature = parts[2];
        var forged = parts[0] + "." + parts[1] + "." + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        given().auth().oauth2(forged).get("/api/chats").then().statusCode(401);
        var otherClaims = io.switchboard.devstack.TestTokens.get().token(UUID.randomUUID(), "other").split("\\.")[1];
        given().auth().oauth2(parts[0] + "." + otherClaims + "." + signature).get("/api/chats").then().statusCode(401);
        given().auth().oauth2(token).get("/api/chats").then().statusCode(200);
    }
}
