package io.switchboard.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.Audiences;
import io.switchboard.devstack.TestTokens;

/**
 * chat-service accepts a token only when its {@code aud} names chat-service's audience, alone or
 * among others (a user's token names every service); a token meant only for the other services,
 * or with the single audience tokens carried before each service had its own, is refused.
 */
@QuarkusTest
class AudienceTest {

    private final UUID user = UUID.randomUUID();

    @Test
    void aTokenNamingChatServiceAmongOthersIsAccepted() {
        chats(List.of(Audiences.CHAT)).statusCode(200);
        chats(Audiences.ALL).statusCode(200);
        chats(List.of(Audiences.NOTIFICATION, Audiences.CHAT)).statusCode(200);
    }

    @Test
    void aTokenMeantForOtherServicesOnlyIsRefused() {
        chats(List.of(Audiences.AUTH, Audiences.REALTIME, Audiences.NOTIFICATION)).statusCode(401)
                .body("code", equalTo("unauthorized"));
        chats(List.of("switchboard")).statusCode(401);
        chats(List.of()).statusCode(401);
    }

    /** The test tokens every service's tests use name what auth-service names in a user's token. */
    @Test
    void theTestTokensNameEveryServiceAsAuthServiceDoes() {
        assertThat(TestTokens.AUDIENCES).isEqualTo(Audiences.ALL);
    }

    private io.restassured.response.ValidatableResponse chats(List<String> audience) {
        return given().auth().oauth2(TestTokens.get().tokenFor(audience, user, "aud-" + user.toString().substring(0, 8)))
                .get("/api/chats").then();
    }
}
