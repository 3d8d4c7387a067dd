package io.switchboard.realtime.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the chat event stream is being read: before that, sockets would miss live events. */
@Readiness
@ApplicationScoped
public class EventStreamReadiness implements HealthCheck {

    private final ChatEventStream stream;

    public EventStreamReadiness(ChatEventStream stream) {
        this.stream = stream;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat-events").status(stream.isAssigned()).build();
    }
}
