package io.switchboard.chat;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.devstack.TestTokens;

/** With demo data on (the local profile), user1 and user2 share a direct chat. */
@QuarkusTest
@TestProfile(DemoDataTest.WithDemoData.class)
class DemoDataTest {

    public static class WithDemoData implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.demo-data", "true");
        }
    }

    @Test
    void user1AndUser2HaveADirectChat() {
        var user1 = UUID.nameUUIDFromBytes("switchboard-demo:user1".getBytes(StandardCharsets.UTF_8));
        var user2 = UUID.nameUUIDFromBytes("switchboard-demo:user2".getBytes(StandardCharsets.UTF_8));
        io.restassured.RestAssured.given().auth().oauth2(TestTokens.get().token(user1, "user1"))
                .get("/api/chats").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].type", org.hamcrest.Matchers.equalTo("direct"))
                .body("[0].members.user_id", containsInAnyOrder(user1.toString(), user2.toString()));
    }
}
