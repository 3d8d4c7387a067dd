package io.switchboard.realtime.cluster;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An instance died without a goodbye: these of its users are connected nowhere else, offline since
 * its last heartbeat. Fired by {@link ClusterWatch} on every instance that notices it, for whoever
 * tells the users connected there.
 */
public record DeadInstanceUsers(List<UUID> users, Instant lastHeartbeat) {
}
