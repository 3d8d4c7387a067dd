package io.switchboard.notification.offline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once chat events are being consumed: a message sent from then on is noticed. */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final ChatEventConsumer consumer;

    public ConsumerReadiness(ChatEventConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Chat events consumer").status(consumer.isJoined()).build();
    }
}
