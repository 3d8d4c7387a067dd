package io.switchboard.chat;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.contracts.Audiences;
import io.switchboard.devstack.TestTokens;

/**
 * The rollout to audiences per service (docs/operations.md, "Upgrades and rolling deploys"): while
 * {@code MP_JWT_VERIFY_AUDIENCES} lists the service's own audience and the old one, a token naming
 * either passes, and one naming neither still does not.
 */
@QuarkusTest
@TestProfile(AudienceUpgradeTest.DuringTheRollout.class)
class AudienceUpgradeTest {

    public static class DuringTheRollout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.audiences", Audiences.CHAT + ",switchboard");
        }
    }

    private final UUID user = UUID.randomUUID();

    @Test
    void tokensOfBothGenerationsPassAndOthersStillDoNot() {
        chats(List.of("switchboard")).statusCode(200);
        chats(Audiences.ALL).statusCode(200);
        chats(List.of(Audiences.NOTIFICATION)).statusCode(401);
    }

    private io.restassured.response.ValidatableResponse chats(List<String> audience) {
        return given().auth().oauth2(TestTokens.get().tokenFor(audience, user, "upgrade-" + user.toString().substring(0, 8)))
                .get("/api/chats").then();
    }
}
