package io.switchboard.notification.offline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while chat events are being consumed and stored: a message sent now is noticed. Down
 * until the consumer has its partitions, and while a partition waits to store its events again
 * (the data says where, since when, how often, and why).
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    static final String NAME = "Chat events consumer";

    private final ChatEventConsumer consumer;

    public ConsumerReadiness(ChatEventConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME).up();
        if (!consumer.isJoined()) {
            response.down().withData("joined", false);
        }
        consumer.stuck().ifPresent(stuck -> response.down()
                .withData("retrying_since", stuck.since().toString())
                .withData("attempts", stuck.attempts())
                .withData("waiting_at", String.join(", ", stuck.waitingAt()))
                .withData("last_error", stuck.lastError()));
        return response.build();
    }
}
