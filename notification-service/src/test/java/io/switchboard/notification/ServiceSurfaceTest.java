package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.BrowserOrigins;

/** What every Switchboard service answers: identity, health, metrics, API description. */
@QuarkusTest
class ServiceSurfaceTest extends DevStackResources {

    @TestHTTPResource("/")
    URL base;

    @Test
    void browsersOnListedOriginsMayCallItAndOthersAreRefused() {
        BrowserOrigins.assertPolicy(base.toString().replaceAll("/$", ""), "/api/notifications");
    }

    @Test
    void rootNamesTheServiceAndItsVersion() {
        given().get("/").then().statusCode(200)
                .body("service", equalTo("notification-service"))
                .body("version", equalTo("0.1.0"));
    }

    @Test
    void readinessCoversPostgresKafkaAndTheConsumer() throws Exception {
        Kafka.awaitConsumer();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("Database connections health check"))
                .body(containsString("Kafka connection health check"))
                .body(containsString("Chat events consumer"));
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/notifications"))
                .body(containsString("/api/notifications/{id}/read"))
                .body(containsString("/api/notifications/read-all"))
                .body(containsString("/api/events"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void metricsCountWhatIsHandedToTheSockets() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_user_events_published_total{type=\"event\"}"))
                .body(containsString("switchboard_user_events_published_total{type=\"notification\"}"));
    }
}
