package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.contracts.Scopes;

/** The push API: another backend's events, handed to realtime-service for their users' sockets only. */
@QuarkusTest
class PushApiTest extends DevStackResources {

    @Test
    void anEventIsHandedOnForItsUsersOnlyWithItsDataUnchanged() throws Exception {
        var backend = Person.backend(Scopes.PUSH);
        var owner = Person.user();
        var todo = Map.of("id", "todo-1", "title", "Buy milk", "completed", false);

        String id = backend.request().body(Map.of("user_ids", List.of(owner.id()), "type", "todo:created", "data", todo))
                .post("/api/events")
                .then().statusCode(202).body("user_count", equalTo(1))
                .extract().path("id");

        var handed = Kafka.userEvents(e -> e.id().toString().equals(id), 1);
        assertThat(handed).hasSize(1);
        assertThat(handed.getFirst().userIds()).containsExactly(owner.id());
        assertThat(handed.getFirst().everyone()).isFalse();
        var frame = new ObjectMapper().readTree(handed.getFirst().frame());
        assertThat(frame.path("type").asText()).isEqualTo("event");
        assertThat(frame.path("event").asText()).isEqualTo("todo:created");
        assertThat(frame.path("data")).isEqualTo(new ObjectMapper().valueToTree(todo));
        assertThat(frame.path("timestamp").asText()).isNotEmpty();
    }

    @Test
    void dataMayBeAnyJson() {
        var owner = Person.user();
        String id = Person.backend(Scopes.PUSH).request()
                .body(Map.of("user_ids", List.of(owner.id()), "type", "todo:deleted", "data", List.of(1, "two")))
                .post("/api/events").then().statusCode(202).extract().path("id");

        assertThat(Kafka.userEvents(e -> e.id().toString().equals(id), 1).getFirst().frame())
                .contains("\"data\":[1,\"two\"]");
    }

    @Test
    void onlyBackendsWithScopePushPush() {
        var event = Map.of("user_ids", List.of(UUID.randomUUID()), "type", "todo:created", "data", Map.of());
        Person.user().request().body(event).post("/api/events").then().statusCode(403);
        Person.admin().request().body(event).post("/api/events").then().statusCode(403);
        given().contentType(ContentType.JSON).body(event).post("/api/events").then().statusCode(401);
        for (var backend : List.of(Person.backend(), Person.backend(Scopes.NOTICES, Scopes.PRESENCE, Scopes.CONTACTS, Scopes.MEMBERSHIPS))) {
            backend.request().body(event).post("/api/events").then().statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("forbidden"));
        }
        Person.backend(Scopes.PUSH).request().body(event).post("/api/events").then().statusCode(202);
    }

    @Test
    void badEventsAreRefusedWithAReason() {
        var backend = Person.backend(Scopes.PUSH);
        var user = UUID.randomUUID();
        backend.request().body(Map.of("type", "todo:created")).post("/api/events")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        backend.request().body(Map.of("user_ids", List.of(), "type", "todo:created")).post("/api/events")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        backend.request().body(Map.of("user_ids", List.of(user), "type", "todo created")).post("/api/events")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        backend.request().body(Map.of("user_ids", List.of("not-a-uuid"), "type", "todo:created")).post("/api/events")
                .then().statusCode(400);
        backend.request().body(Map.of("user_ids", List.of(user), "type", "todo:created", "data", "x".repeat(70_000)))
                .post("/api/events").then().statusCode(413).body("code", equalTo("data_too_large"));
        var tooMany = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> UUID.randomUUID()).toList();
        backend.request().body(Map.of("user_ids", tooMany, "type", "todo:created")).post("/api/events")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
    }
}
