package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.security.SessionRevocation;

/**
 * Ending a session ends its access tokens too, not just its refresh tokens: each way of ending
 * one puts a revocation on Kafka, and a token of that session is refused (here by auth-service's
 * own verifier, which reads the topic like every service does) while the user's other sessions
 * keep working.
 */
@QuarkusTest
class SessionRevocationTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Inject
    AgroalDataSource db;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void logoutRefusesThatSessionsAccessTokenAndPublishesTheRevocation() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var leaving = Accounts.login(username, Accounts.PASSWORD);
        var staying = Accounts.login(username, Accounts.PASSWORD);
        var since = Instant.now();
        me(leaving).then().statusCode(200);

        given().contentType(ContentType.JSON).body(Map.of("refresh_token", leaving.getString("refresh_token")))
                .post("/api/auth/logout").then().statusCode(204);

        await().atMost(WITHIN).untilAsserted(() -> me(leaving).then().statusCode(401));
        me(staying).then().statusCode(200);
        var published = revocationsOf(leaving.getString("user.id"), since, 1);
        assertThat(published).singleElement().satisfies(revocation -> {
            assertThat(revocation.sid()).isEqualTo(sid(leaving));
            assertThat(revocation.until()).isAfter(Instant.now().plus(Duration.ofMinutes(14)));
        });
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionButNotTheOneThatChangedIt() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var changing = Accounts.login(username, Accounts.PASSWORD);
        var other = Accounts.login(username, Accounts.PASSWORD);

        given().auth().oauth2(changing.getString("access_token")).contentType(ContentType.JSON)
                .body(Map.of("current_password", Accounts.PASSWORD, "new_password", "an entirely new one"))
                .post("/api/users/me/password").then().statusCode(204);

        await().atMost(WITHIN).untilAsserted(() -> me(other).then().statusCode(401));
        me(changing).then().statusCode(200);
    }

    @Test
    void anAdministratorEndsEverySessionOfAUserAndOthersMayNot() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var first = Accounts.login(username, Accounts.PASSWORD);
        var second = Accounts.login(username, Accounts.PASSWORD);
        var bystander = Accounts.newSession();
        var userId = first.getString("user.id");

        given().auth().oauth2(bystander.getString("access_token"))
                .post("/api/users/" + userId + "/sessions/end").then().statusCode(403);
        var admin = admin();
        given().auth().oauth2(admin.getString("access_token"))
                .post("/api/users/" + userId + "/sessions/end").then().statusCode(204);

        await().atMost(WITHIN).untilAsserted(() -> {
            me(first).then().statusCode(401);
            me(second).then().statusCode(401);
        });
        me(bystander).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", first.getString("refresh_token")))
                .post("/api/auth/refresh").then().statusCode(401);
        given().auth().oauth2(admin.getString("access_token"))
                .post("/api/users/00000000-0000-0000-0000-000000000000/sessions/end").then().statusCode(404);
    }

    @Test
    void aDeactivatedAccountLosesItsSessionsAndCannotLogInUntilReactivated() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var session = Accounts.login(username, Accounts.PASSWORD);
        var userId = session.getString("user.id");
        var admin = admin();

        given().auth().oauth2(session.getString("access_token"))
                .post("/api/users/" + userId + "/deactivate").then().statusCode(403);
        given().auth().oauth2(admin.getString("access_token"))
                .post("/api/users/" + admin.getString("user.id") + "/deactivate").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("cannot_deactivate_self"));
        given().auth().oauth2(admin.getString("access_token"))
                .post("/api/users/" + userId + "/deactivate").then().statusCode(204);

        await().atMost(WITHIN).untilAsserted(() -> me(session).then().statusCode(401));
        login(username, Accounts.PASSWORD).then().statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("account_deactivated"));
        login(username, "not the password").then().statusCode(401)
                .body("code", org.hamcrest.Matchers.equalTo("invalid_credentials"));
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", session.getString("refresh_token")))
                .post("/api/auth/refresh").then().statusCode(401);

        given().auth().oauth2(admin.getString("access_token"))
                .post("/api/users/" + userId + "/reactivate").then().statusCode(204);
        var again = login(username, Accounts.PASSWORD).then().statusCode(200).extract().jsonPath();
        me(again).then().statusCode(200);
    }

    @Test
    void logOutEverywhereEndsTheCallersSessionsToo() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var here = Accounts.login(username, Accounts.PASSWORD);
        var there = Accounts.login(username, Accounts.PASSWORD);

        given().auth().oauth2(here.getString("access_token")).post("/api/users/me/sessions/end").then().statusCode(204);

        await().atMost(WITHIN).untilAsserted(() -> {
            me(here).then().statusCode(401);
            me(there).then().statusCode(401);
        });
    }

    private static io.restassured.response.Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    private static io.restassured.response.Response me(JsonPath session) {
        return given().auth().oauth2(session.getString("access_token")).get("/api/users/me");
    }

    /** The sid claim of the session's access token. */
    private static String sid(JsonPath session) {
        var payload = session.getString("access_token").split("\\.")[1];
        return new JsonPath(new String(java.util.Base64.getUrlDecoder().decode(payload))).getString("sid");
    }

    private JsonPath admin() throws Exception {
        var username = Accounts.newUsername();
        var id = Accounts.register(username).getString("id");
        try (var c = db.getConnection(); var s = c.prepareStatement("UPDATE users SET roles = 'user,admin' WHERE id = ?")) {
            s.setObject(1, java.util.UUID.fromString(id));
            s.executeUpdate();
        }
        return Accounts.login(username, Accounts.PASSWORD);
    }

    /** The revocations of the user on the topic since {@code since}, once there are {@code count}. */
    private List<SessionRevocation> revocationsOf(String userId, Instant since, int count) {
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.SESSION_REVOCATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var found = new ArrayList<SessionRevocation>();
            await().atMost(WITHIN).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var revocation = SessionRevocation.decode(record.value());
                    if (revocation.userId().equals(userId) && record.timestamp() >= since.toEpochMilli()) {
                        found.add(revocation);
                    }
                }
                return found.size() >= count;
            });
            return found;
        }
    }
}
