package io.switchboard.e2e;

import java.util.Arrays;

/** The faults the chaos soak injects, one at a time, in this order unless {@code chaos.faults} says otherwise. */
enum ChaosFault {
    POSTGRES_STALL("postgres-stall", "PostgreSQL stalled: SIGSTOP to every PostgreSQL process, SIGCONT after the stall"),
    POSTGRES_RESTART("postgres-restart", "PostgreSQL restarted: a fast shutdown (every connection cut), down, started with the same data"),
    KAFKA_STALL("kafka-stall", "Kafka broker stalled: SIGSTOP to the broker's JVM, SIGCONT after the stall"),
    KAFKA_RESTART("kafka-restart", "Kafka broker restarted: stopped, down, started with the same data"),
    REALTIME_KILL("realtime-kill", "realtime instance B killed with SIGKILL, started again on its port after the downtime"),
    REALTIME_DRAIN("realtime-drain", "realtime instance B drained with SIGTERM (waited for), started again on its port"),
    NETWORK_DROP("network-drop", "some clients' TCP connections cut without a close frame; they stay away, then reconnect and resume");

    final String label;
    final String description;

    ChaosFault(String label, String description) {
        this.label = label;
        this.description = description;
    }

    static ChaosFault named(String label) {
        return Arrays.stream(values()).filter(f -> f.label.equals(label) || f.name().equalsIgnoreCase(label))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no fault " + label + "; faults: "
                        + Arrays.stream(values()).map(f -> f.label).toList()));
    }
}
