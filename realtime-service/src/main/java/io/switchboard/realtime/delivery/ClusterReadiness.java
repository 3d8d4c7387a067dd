package io.switchboard.realtime.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.switchboard.realtime.cluster.DirectoryWrites;
import io.switchboard.realtime.cluster.Inbox;
import io.switchboard.realtime.cluster.InstanceSlot;

/**
 * Ready once this instance reads its inbox and has joined the routing of chat events: before
 * that, its sockets would miss live events. Not ready while draining, nor while it cannot route
 * (a batch stuck or failing for {@link #STUCK}: PostgreSQL or Kafka unavailable) or cannot record
 * its sockets in the directory, so that a load balancer sends new sockets elsewhere meanwhile.
 */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {

    static final Duration STUCK = Duration.ofSeconds(5);

    private final ChatEventRouter router;
    private final Inbox inbox;
    private final InstanceSlot instance;
    private final DirectoryWrites directory;

    public ClusterReadiness(ChatEventRouter router, Inbox inbox, InstanceSlot instance, DirectoryWrites directory) {
        this.router = router;
        this.inbox = inbox;
        this.instance = instance;
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        boolean joined = router.isJoined() && inbox.isAssigned();
        boolean routing = !router.isStuck(STUCK.toNanos());
        boolean recording = !directory.isFailing();
        return HealthCheckResponse.named("chat-events")
                .status(joined && routing && recording && !instance.isDraining())
                .withData("slot", instance.slot())
                .withData("routing", routing)
                .withData("directory", recording)
                .withData("draining", instance.isDraining())
                .build();
    }
}
