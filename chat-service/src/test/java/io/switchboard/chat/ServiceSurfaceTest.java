package io.switchboard.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.http.TextRules;
import io.switchboard.devstack.BrowserOrigins;

/** What every Switchboard service answers: identity, health, metrics, API description. */
@QuarkusTest
class ServiceSurfaceTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void browsersOnListedOriginsMayCallItAndOthersAreRefused() {
        BrowserOrigins.assertPolicy(base.toString().replaceAll("/$", ""), "/api/chats");
    }

    @Test
    void rootNamesTheServiceAndItsVersion() {
        given().get("/").then().statusCode(200)
                .body("service", equalTo("chat-service"))
                .body("version", equalTo("0.1.0"));
    }

    @Test
    void readinessCoversPostgresAndKafka() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"))
                .body(containsString("Kafka connection health check"));
    }

    @Test
    void metricsIncludeTheOutbox() {
        var ann = TestUser.create();
        ann.send(ann.directChatWith(TestUser.create()), "measure me");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/metrics").then().statusCode(200)
                        .body(containsString("switchboard_outbox_publish_lag_seconds{quantile=\"0.5\""))
                        .body(containsString("switchboard_outbox_published_total")));
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/chats"))
                .body(containsString("/api/chats/{chatId}/messages"))
                .body(containsString("/api/chats/{chatId}/messages/{messageId}"))
                .body(containsString("/api/chats/{chatId}/members/{userId}"))
                .body(containsString("/api/chats/{chatId}/read"))
                .body(containsString("/api/chats/{chatId}/mute"))
                .body(containsString("/api/chats/{chatId}/events"))
                .body(containsString("\"/api/memberships\""))
                .body(containsString("/api/memberships/{chatId}"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void openApiShowsWhichCharactersTextFieldsRefuse() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.Send.properties.content.pattern", equalTo(TextRules.TEXT))
                .body("components.schemas.Edit.properties.content.pattern", equalTo(TextRules.TEXT))
                .body("components.schemas.Send.properties.clientMessageId.pattern", equalTo(TextRules.LINE))
                .body("components.schemas.UpdateChat.properties.title.pattern", containsString(TextRules.LINE_CHAR));
    }
}
