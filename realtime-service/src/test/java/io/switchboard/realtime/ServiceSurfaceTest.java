package io.switchboard.realtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.BrowserOrigins;

/** What every Switchboard service answers, and the gateway's own meters. */
@QuarkusTest
class ServiceSurfaceTest extends DevStackResources {

    @Inject
    StubChats chats;

    @TestHTTPResource("/")
    URL base;

    @Test
    void browsersOnListedOriginsMayCallItAndOthersAreRefused() {
        BrowserOrigins.assertPolicy(base.toString().replaceAll("/$", ""), "/ws");
    }

    @Test
    void rootNamesTheServiceAndItsVersion() {
        given().get("/").then().statusCode(200)
                .body("service", equalTo("realtime-service"))
                .body("version", equalTo("0.1.0"));
    }

    @Test
    void readinessCoversKafkaAndTheEventStream() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Kafka connection health check"))
                .body(containsString("chat-events"));
    }

    @Test
    void metricsCountConnectionsDeliveriesLatencyHopsAndLag() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        double delivered = Metrics.value("switchboard_ws_events_delivered_total{type=\"new_message\"");
        double polled = Metrics.value("switchboard_router_event_age_seconds_count{hop=\"produced_to_polled\"");
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(Metrics.value("switchboard_ws_connections")).isGreaterThanOrEqualTo(2));
            chats.send(chat, alice.id(), "measured");
            bobSocket.next("new_message");
            aliceSocket.next("new_message");
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(Metrics.value("switchboard_ws_events_delivered_total{type=\"new_message\""))
                        .isEqualTo(delivered + 2);
                assertThat(Metrics.value("switchboard_ws_delivery_latency_seconds_count")).isPositive();
                assertThat(Metrics.value("switchboard_router_event_age_seconds_count{hop=\"produced_to_polled\""))
                        .isGreaterThan(polled);
                assertThat(Metrics.value("switchboard_router_event_age_seconds_count{hop=\"stored_to_produced\""))
                        .isPositive();
                assertThat(Metrics.value("switchboard_router_event_age_seconds_count{hop=\"polled_to_located\""))
                        .isPositive();
            });
        }
        given().get("/q/metrics").then()
                .body(containsString("switchboard_ws_delivery_latency_seconds_bucket"))
                .body(containsString("switchboard_ws_kafka_consumer_lag"));
    }

    @Test
    void openApiAndTheProtocolDocumentAreServed() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200);
        given().get("/asyncapi.yaml").then().statusCode(200)
                .body(containsString("Switchboard WebSocket protocol"))
                .body(containsString("resync_required"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
