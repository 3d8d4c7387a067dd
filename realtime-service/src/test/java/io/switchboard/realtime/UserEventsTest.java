package io.switchboard.realtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.contracts.Scopes;
import io.switchboard.devstack.TestTokens;

/**
 * Frames that belong to no chat (push API events, notifications) reach exactly the sockets of
 * the users they name, or every socket; and other backends can ask who is online.
 */
@QuarkusTest
class UserEventsTest extends DevStackResources {

    @Inject
    PushedFrames pushed;

    @Test
    void aPushedEventReachesEverySocketOfItsUserAndNoOneElse() throws Exception {
        var owner = People.create("owner");
        var other = People.create("other");
        try (var phone = owner.connect(); var laptop = owner.connect(); var stranger = other.connect()) {
            var todo = JsonNodeFactory.instance.objectNode().put("id", "todo-1").put("title", "Buy milk");

            pushed.event(List.of(owner.id()), false, "todo:created", todo);

            for (var socket : List.of(phone, laptop)) {
                var event = socket.next("event");
                assertThat(event.path("event").asText()).isEqualTo("todo:created");
                assertThat(event.path("data")).isEqualTo(todo);
                assertThat(event.path("timestamp").asText()).isNotEmpty();
            }
            stranger.expectNone("event", Duration.ofMillis(500));
        }
    }

    @Test
    void anEventForEveryoneReachesEverySocket() throws Exception {
        var ann = People.create("ann");
        var bob = People.create("bob");
        try (var first = ann.connect(); var second = bob.connect()) {
            pushed.event(List.of(), true, "maintenance", JsonNodeFactory.instance.objectNode().put("at", "22:00"));

            assertThat(first.next("event").path("event").asText()).isEqualTo("maintenance");
            assertThat(second.next("event").path("event").asText()).isEqualTo("maintenance");
        }
    }

    @Test
    void backendsAskWhoIsOnline() {
        var online = People.create("online");
        var away = People.create("away");
        var offline = People.create("offline");
        var service = TestTokens.get().serviceToken("backend", Scopes.PRESENCE);
        try (var a = online.connect(); var b = away.connect()) {
            b.send("type", "status", "status", "away");
            var many = new java.util.ArrayList<Object>(List.of(online.id(), away.id(), offline.id()));
            java.util.stream.IntStream.range(0, 997).forEach(i -> many.add(UUID.randomUUID()));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    given().auth().oauth2(service).contentType(ContentType.JSON)
                            .body(java.util.Map.of("user_ids", many))
                            .post("/api/presence")
                            .then().statusCode(200)
                            .body("users.find { it.user_id == '" + online.id() + "' }.status", equalTo("online"))
                            .body("users.find { it.user_id == '" + away.id() + "' }.status", equalTo("away"))
                            .body("users.find { it.user_id == '" + offline.id() + "' }.status", equalTo("offline"))
                            .body("users.size()", equalTo(1000)));
        }
    }

    @Test
    void presenceIsForBackendsWithScopePresenceOnly() {
        var user = People.create("curious");
        var query = java.util.Map.of("user_ids", List.of(user.id()));
        given().contentType(ContentType.JSON).body(query).post("/api/presence").then().statusCode(401);
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(query).post("/api/presence")
                .then().statusCode(403);
        var unscoped = List.of(TestTokens.get().serviceToken("backend"),
                TestTokens.get().serviceToken("backend", Scopes.PUSH, Scopes.NOTICES, Scopes.CONTACTS, Scopes.MEMBERSHIPS));
        for (var token : unscoped) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(query).post("/api/presence")
                    .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        }
        var service = TestTokens.get().serviceToken("backend", Scopes.PRESENCE);
        given().auth().oauth2(service).contentType(ContentType.JSON).body(query).post("/api/presence")
                .then().statusCode(200).body("users[0].status", equalTo("offline"));
        given().auth().oauth2(service).contentType(ContentType.JSON)
                .body(java.util.Map.of("user_ids", List.of("not-a-uuid"))).post("/api/presence")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        given().auth().oauth2(service).contentType(ContentType.JSON).body(java.util.Map.of("user_ids", List.of()))
                .post("/api/presence").then().statusCode(400).body("code", equalTo("validation_failed"));
        var tooMany = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> UUID.randomUUID()).toList();
        given().auth().oauth2(service).contentType(ContentType.JSON).body(java.util.Map.of("user_ids", tooMany))
                .post("/api/presence").then().statusCode(400).body("code", equalTo("validation_failed"));
    }
}
