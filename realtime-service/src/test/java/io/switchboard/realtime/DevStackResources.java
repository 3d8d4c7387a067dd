package io.switchboard.realtime;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.switchboard.devstack.DevStackTestResource;
import io.switchboard.devstack.JwtTestResource;
import io.restassured.RestAssured;

/**
 * Every test of this module runs against real PostgreSQL (database "realtime", the cluster
 * directory) and Kafka (chat events, inboxes) from devstack, accepts tokens minted by devstack's TestTokens, and talks to the chat-service stub in
 * test sources.
 */
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "realtime"))
@QuarkusTestResource(JwtTestResource.class)
public class DevStackResources {

    /** As a load balancer would: no socket before the instance reads the event stream. */
    @BeforeEach
    void awaitReadiness() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
    }
}
