package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.block.BlockChange;

/**
 * A block works both ways: neither user may open a direct chat with the other, write in the one
 * they have, or put the other in a group; other users are not affected, and unblocking undoes it.
 */
@QuarkusTest
class BlocksTest {

    @Test
    void neitherSideOfABlockMayOpenADirectChatOrAddTheOtherToAGroup() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var group = cid.group("Team", ann);
        bob.request().put("/api/blocks/" + ann.id()).then().statusCode(204);

        for (var pair : List.of(List.of(ann, bob), List.of(bob, ann))) {
            pair.get(0).request().body(Map.of("type", "direct", "user_id", pair.get(1).id()))
                    .post("/api/chats").then().statusCode(403).body("code", equalTo("user_blocked"));
            pair.get(0).request().body(Map.of("type", "group", "title", "t", "member_ids", List.of(pair.get(1).id())))
                    .post("/api/chats").then().statusCode(403).body("code", equalTo("user_blocked"));
        }
        ann.request().body(Map.of("user_ids", List.of(bob.id()))).post("/api/chats/" + group + "/members")
                .then().statusCode(403).body("code", equalTo("user_blocked"));
        cid.request().body(Map.of("user_ids", List.of(bob.id()))).post("/api/chats/" + group + "/members")
                .then().statusCode(200); // a third member may: the two then share a group, as before the block
        cid.directChatWith(bob);

        bob.request().delete("/api/blocks/" + ann.id()).then().statusCode(204);
        ann.directChatWith(bob);
    }

    @Test
    void neitherSideWritesInTheDirectChatTheyHadWhileABlockStandsAndNothingIsStored() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var direct = ann.directChatWith(bob);
        var group = cid.group("Team", ann, bob);
        ann.send(direct, "before");
        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);

        for (var sender : List.of(ann, bob)) {
            sender.request().body(Map.of("content", "during", "client_message_id", "c-" + sender.id()))
                    .post("/api/chats/" + direct + "/messages")
                    .then().statusCode(403).body("code", equalTo("user_blocked"));
        }
        bob.send(group, "a shared group is not a direct chat"); // as adding to groups: only new ones are refused
        assertThat(ann.history(direct)).extracting(m -> m.get("content")).containsExactly("before");

        ann.request().delete("/api/blocks/" + bob.id()).then().statusCode(204);
        bob.send(direct, "after");
        assertThat(ann.history(direct)).extracting(m -> m.get("content")).containsExactly("before", "after");
    }

    @Test
    void eachBlockAndUnblockIsPublishedOnceInOrderAndRepeatsPublishNothing() {
        var ann = TestUser.create();
        var bob = TestUser.create();

        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);
        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);
        ann.request().delete("/api/blocks/" + bob.id()).then().statusCode(204);
        ann.request().delete("/api/blocks/" + bob.id()).then().statusCode(204);
        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);

        var changes = BlockChangesTopic.changesBy(ann.id(), 3);
        assertThat(changes).extracting(BlockChange::blockedId).containsOnly(bob.id());
        assertThat(changes).extracting(BlockChange::blocked).containsExactly(true, false, true);
    }

    @Test
    void theBlockListShowsWhomTheUserBlockedAndRepeatsChangeNothing() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        ann.request().get("/api/blocks").then().statusCode(200).body("$", empty());

        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);
        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);

        ann.request().get("/api/blocks").then().statusCode(200).body("user_id", contains(bob.id().toString()));
        bob.request().get("/api/blocks").then().statusCode(200).body("$", empty());
        ann.request().delete("/api/blocks/" + bob.id()).then().statusCode(204);
        ann.request().delete("/api/blocks/" + bob.id()).then().statusCode(204);
        ann.request().get("/api/blocks").then().statusCode(200).body("$", empty());
    }

    @Test
    void blockingYourselfOrANonIdIsABadRequest() {
        var ann = TestUser.create();
        ann.request().put("/api/blocks/" + ann.id()).then().statusCode(400).body("code", equalTo("validation_failed"));
        ann.request().put("/api/blocks/not-an-id").then().statusCode(404);
        io.restassured.RestAssured.given().put("/api/blocks/" + ann.id()).then().statusCode(401);
    }
}
