package io.switchboard.realtime.cluster;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this instance reads its inbox and has joined the routing of chat events: before
 * that, its sockets would miss live events. Not ready while draining.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    private final ChatEventRouter router;
    private final Inbox inbox;
    private final InstanceSlot instance;

    public ClusterReadiness(ChatEventRouter router, Inbox inbox, InstanceSlot instance) {
        this.router = router;
        this.inbox = inbox;
        this.instance = instance;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat-events")
                .status(router.isJoined() && inbox.isAssigned() && !instance.isDraining())
                .withData("slot", instance.slot())
                .build();
    }
}
