package io.switchboard.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.Scopes;

/**
 * {@code GET /api/memberships/{id}?before_seq=}: a chat's members after every event before a seq,
 * what a consumer of the chat events reads when it does not know whom an event is for.
 */
@QuarkusTest
class MembersBeforeTest {

    private final TestUser service = TestUser.backend(Scopes.MEMBERSHIPS);

    @Inject
    AgroalDataSource db;

    @Test
    void theMembersEachEventFound() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var chat = ann.group("Team", bob); // 1
        assertThat(ann.send(chat, "ann and bob")).isEqualTo(2);
        addMember(ann, chat, cid); // 3
        assertThat(ann.send(chat, "with cid")).isEqualTo(4);
        ann.request().delete("/api/chats/" + chat + "/members/" + bob.id()).then().statusCode(204); // 5
        assertThat(ann.send(chat, "without bob")).isEqualTo(6);
        addMember(ann, chat, bob); // 7
        assertThat(ann.send(chat, "bob is back")).isEqualTo(8);

        assertThat(membersBefore(chat, 1)).isEmpty(); // the chat did not exist yet
        assertThat(membersBefore(chat, 2)).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(membersBefore(chat, 3)).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(membersBefore(chat, 4)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(membersBefore(chat, 5)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
        assertThat(membersBefore(chat, 6)).containsExactlyInAnyOrder(ann.id(), cid.id());
        assertThat(membersBefore(chat, 7)).containsExactlyInAnyOrder(ann.id(), cid.id());
        assertThat(membersBefore(chat, 8)).containsExactly(ann.id(), cid.id(), bob.id()); // joining order
        assertThat(membersBefore(chat, 9)).containsExactly(ann.id(), cid.id(), bob.id());
        assertThat(membersBefore(chat, 1_000)).containsExactly(ann.id(), cid.id(), bob.id());

        service.request().get("/api/memberships/" + chat + "?before_seq=2").then().statusCode(200)
                .body("id", equalTo(chat))
                .body("member_ids.size()", equalTo(2));
    }

    @Test
    void theMembersLeftInTheChatComeInJoiningOrderAndThoseWhoLeftAfterThem() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var dan = TestUser.create();
        var chat = ann.group("Team");
        addMember(ann, chat, bob); // 2
        addMember(ann, chat, cid); // 3
        addMember(ann, chat, dan); // 4
        bob.request().delete("/api/chats/" + chat + "/members/" + bob.id()).then().statusCode(204); // 5

        assertThat(membersBefore(chat, 5)).containsExactly(ann.id(), cid.id(), dan.id(), bob.id());
        assertThat(membersBefore(chat, 4)).containsExactly(ann.id(), cid.id(), bob.id());
        assertThat(membersBefore(chat, 6)).containsExactly(ann.id(), cid.id(), dan.id());
    }

    @Test
    void eventsDeletedByTheRetentionAreNotUndone() throws Exception {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var cid = TestUser.create();
        var chat = ann.group("Team", bob); // 1
        addMember(ann, chat, cid); // 2
        ann.send(chat, "hello"); // 3
        try (var c = db.getConnection();
             var s = c.prepareStatement("DELETE FROM chat_events WHERE chat_id = ? AND seq <= 2")) {
            s.setObject(1, UUID.fromString(chat));
            s.executeUpdate();
        }
        // cid's joining is no longer in the log: a consumer that far behind gets the later members.
        assertThat(membersBefore(chat, 2)).containsExactlyInAnyOrder(ann.id(), bob.id(), cid.id());
    }

    @Test
    void aChatThatDoesNotExistIsNotFound() {
        service.request().get("/api/memberships/" + UUID.randomUUID() + "?before_seq=1").then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("chat_not_found"));
    }

    @Test
    void aBeforeSeqOfAtLeastOneIsRequired() {
        var chat = TestUser.create().directChatWith(TestUser.create());
        for (var query : List.of("", "?before_seq=0", "?before_seq=-1")) {
            service.request().get("/api/memberships/" + chat + query).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("validation_failed"))
                    .body("errors.field", contains("before_seq"));
        }
    }

    @Test
    void onlyServicesWithScopeMembershipsAsk() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var path = "/api/memberships/" + chat + "?before_seq=2";
        ann.request().get(path).then().statusCode(403).body("code", equalTo("forbidden")); // even a member
        TestUser.create("admin").request().get(path).then().statusCode(403);
        given().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
        for (var backend : List.of(TestUser.backend(), TestUser.backend(Scopes.PUSH, Scopes.NOTICES, Scopes.PRESENCE, Scopes.CONTACTS))) {
            backend.request().get(path).then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("forbidden"));
        }
        service.request().get(path).then().statusCode(200).body("member_ids.size()", equalTo(2));
    }

    private List<UUID> membersBefore(String chat, long seq) {
        List<String> ids = service.request().get("/api/memberships/" + chat + "?before_seq=" + seq).then()
                .statusCode(200).body("id", equalTo(chat))
                .extract().jsonPath().getList("member_ids");
        return ids.stream().map(UUID::fromString).toList();
    }

    private static void addMember(TestUser by, String chat, TestUser added) {
        by.request().body(Map.of("user_ids", List.of(added.id()))).post("/api/chats/" + chat + "/members")
                .then().statusCode(200);
    }
}
