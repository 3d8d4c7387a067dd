package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.Scopes;

/** {@code POST /api/memberships}: the chats of many users at once, for backends with scope memberships only. */
@QuarkusTest
class MembershipsTest {

    private final TestUser realtime = TestUser.backend(Scopes.MEMBERSHIPS);

    @Test
    void everyChatOfTheUsersWithAllItsMembersOnce() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var loner = TestUser.create();
        var team = ann.group("Team", bob);
        ann.request().body(Map.of("user_ids", List.of(cid.id()))).post("/api/chats/" + team + "/members")
                .then().statusCode(200);
        var direct = ann.directChatWith(bob);
        cid.group("Other", TestUser.create()); // none of the users asked about is in it

        var chats = realtime.request().body(Map.of("user_ids", List.of(ann.id(), bob.id(), loner.id())))
                .post("/api/memberships").then().statusCode(200).extract().jsonPath();
        assertThat(chats.getList("chats.id")).containsExactlyInAnyOrder(team, direct); // each chat once
        List<String> teamMembers = chats.getList("chats.find { it.id == '" + team + "' }.member_ids");
        assertThat(teamMembers).containsExactlyInAnyOrder(ann.id().toString(), bob.id().toString(), cid.id().toString());
        assertThat(teamMembers.getLast()).isEqualTo(cid.id().toString()); // joined last
        assertThat(chats.getList("chats.find { it.id == '" + direct + "' }.member_ids"))
                .containsExactlyInAnyOrder(ann.id().toString(), bob.id().toString());

        ann.request().delete("/api/chats/" + team + "/members/" + bob.id()).then().statusCode(204);
        realtime.request().body(Map.of("user_ids", List.of(bob.id()))).post("/api/memberships")
                .then().statusCode(200).body("chats.id", equalTo(List.of(direct)));
        realtime.request().body(Map.of("user_ids", List.of(loner.id()))).post("/api/memberships")
                .then().statusCode(200).body("chats", equalTo(List.of()));
    }

    @Test
    void blocksComeOnlyWhenAskedForAndNameEveryBlockOfTheUsersEitherWay() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var dan = TestUser.create();
        ann.request().put("/api/blocks/" + bob.id()).then().statusCode(204);
        cid.request().put("/api/blocks/" + ann.id()).then().statusCode(204);
        bob.request().put("/api/blocks/" + dan.id()).then().statusCode(204); // neither is asked about

        realtime.request().body(Map.of("user_ids", List.of(ann.id()))).post("/api/memberships")
                .then().statusCode(200).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("blocks")));
        var blocks = realtime.request().body(Map.of("user_ids", List.of(ann.id()), "include_blocks", true))
                .post("/api/memberships").then().statusCode(200).extract().jsonPath();
        assertThat(blocks.getList("blocks", Map.class)).containsExactlyInAnyOrder(
                Map.of("blocker_id", ann.id().toString(), "blocked_id", bob.id().toString()),
                Map.of("blocker_id", cid.id().toString(), "blocked_id", ann.id().toString()));
    }

    @Test
    void onlyServicesWithScopeMembershipsAsk() {
        var body = Map.of("user_ids", List.of(UUID.randomUUID()));
        TestUser.create().request().body(body).post("/api/memberships").then().statusCode(403);
        TestUser.create("admin").request().body(body).post("/api/memberships").then().statusCode(403);
        io.restassured.RestAssured.given().contentType("application/json").body(body).post("/api/memberships")
                .then().statusCode(401);
        for (var backend : List.of(TestUser.backend(), TestUser.backend(Scopes.PUSH, Scopes.NOTICES, Scopes.PRESENCE, Scopes.CONTACTS))) {
            backend.request().body(body).post("/api/memberships").then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("forbidden"));
        }
        realtime.request().body(body).post("/api/memberships").then().statusCode(200).body("chats", equalTo(List.of()));
    }

    @Test
    void badQueriesAreRefusedWithTheirField() {
        var tooMany = new ArrayList<UUID>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(UUID.randomUUID());
        }
        for (Object body : List.of(Map.of("user_ids", List.of()), Map.of("user_ids", tooMany), Map.of())) {
            realtime.request().body(body).post("/api/memberships").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("validation_failed"));
        }
        realtime.request().body("{\"user_ids\":[\"not-a-uuid\"]}").post("/api/memberships").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
