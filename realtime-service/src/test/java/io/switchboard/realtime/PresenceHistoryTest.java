package io.switchboard.realtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.contracts.Scopes;
import io.switchboard.devstack.TestTokens;

/**
 * Backends ask who was online at a past moment (notification-service: when a message was sent),
 * however late they ask: the answer does not change when the user's presence changes afterwards.
 */
@QuarkusTest
class PresenceHistoryTest extends DevStackResources {

    private static final String SERVICE = TestTokens.get().serviceToken("notification-service", Scopes.PRESENCE);

    @Test
    void presenceAtAPastMomentIsWhatItWasThen() throws Exception {
        var bob = People.create("bob");
        var beforeConnect = Instant.now();
        Thread.sleep(20); // distinct instants on either side of each change
        var socket = bob.connect();
        Thread.sleep(20); // the same: the change below gets an instant of its own
        var whileOnline = Instant.now();
        Thread.sleep(20); // the same, after the last change
        socket.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(bob.id(), null).equals("offline"));
        var afterClose = Instant.now();

        assertThat(status(bob.id(), beforeConnect)).isEqualTo("offline");
        assertThat(status(bob.id(), whileOnline)).as("online then, though offline now").isEqualTo("online");
        assertThat(status(bob.id(), afterClose)).isEqualTo("offline");

        var answer = ask(Map.of("user_ids", List.of(bob.id()), "at", beforeConnect.toString(),
                "until", afterClose.toString()));
        assertThat(answer.getString("users[0].status")).isEqualTo("offline");
        assertThat(answer.getList("users[0].changes.status")).containsExactly("online", "offline");
        var cameOnline = Instant.parse(answer.getString("users[0].changes[0].at"));
        assertThat(cameOnline).isAfter(beforeConnect).isBefore(whileOnline);
    }

    @Test
    void awayCountsAsOnlineAndAUserNeverSeenIsOffline() {
        var carol = People.create("carol");
        try (var socket = carol.connect()) {
            socket.send("type", "status", "status", "away");
            await().atMost(Duration.ofSeconds(10)).until(() -> status(carol.id(), null).equals("away"));
            assertThat(status(carol.id(), Instant.now())).isEqualTo("online");
        }
        assertThat(status(UUID.randomUUID(), Instant.now())).isEqualTo("offline");
    }

    @Test
    void untilBeforeAtIsRefused() {
        var now = Instant.now();
        given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body(Map.of("user_ids", List.of(UUID.randomUUID()), "at", now.toString(),
                        "until", now.minusSeconds(1).toString()))
                .post("/api/presence").then().statusCode(400);
    }

    static String status(UUID user, Instant at) {
        var query = new HashMap<String, Object>(Map.of("user_ids", List.of(user)));
        if (at != null) {
            query.put("at", at.toString());
        }
        return ask(query).getString("users[0].status");
    }

    static JsonPath ask(Map<String, Object> query) {
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body(query)
                .post("/api/presence").then().statusCode(200).extract().jsonPath();
    }
}
