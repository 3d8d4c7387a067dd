package io.switchboard.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.Scopes;
import io.switchboard.devstack.SharedDevStack;

/**
 * Kafka goes away: an event it does not take is answered {@code 503 push_unavailable} (the backend
 * tries again; it is not counted as handed on), and events go through again once it is back.
 * Kafka serves the whole test JVM, so the test brings it back in {@code finally}.
 */
@QuarkusTest
class KafkaOutageTest extends DevStackResources {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    MeterRegistry registry;

    @Test
    void anEventKafkaDoesNotTakeIsReportedUnavailableAndLaterOnesGoThrough() {
        var backend = Person.backend(Scopes.PUSH);
        var owner = Person.user();
        var event = Map.of("user_ids", List.of(owner.id()), "type", "todo:created", "data", Map.of("id", "todo-1"));
        backend.request().body(event).post("/api/events").then().statusCode(202);
        double published = published();

        var infra = SharedDevStack.get();
        infra.stopKafka();
        try {
            backend.request().body(event).post("/api/events").then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("code", equalTo("push_unavailable"));
        } finally {
            infra.startKafka();
        }
        assertThat(published()).as("nothing counted as handed on").isEqualTo(published);

        String id = await().atMost(WAIT).until(() -> backend.request().body(event).post("/api/events")
                .then().extract(), response -> response.statusCode() == 202).path("id");
        assertThat(Kafka.userEvents(e -> e.id().toString().equals(id), 1)).hasSize(1);
        assertThat(published()).isEqualTo(published + 1);
    }

    private double published() {
        return registry.get("switchboard.user.events.published").tag("type", "event").counter().count();
    }
}
