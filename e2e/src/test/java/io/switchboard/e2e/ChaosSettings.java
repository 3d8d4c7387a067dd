package io.switchboard.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How long and how hard the chaos soak runs, from system properties (all optional):
 *
 * <table>
 *   <tr><td>{@code chaos.clients}</td><td>40</td><td>users, each with one socket, all in one group (at most 1,000)</td></tr>
 *   <tr><td>{@code chaos.minutes}</td><td>0</td><td>0: each fault once (the short soak); more: the faults over and over for that long</td></tr>
 *   <tr><td>{@code chaos.faults}</td><td>all</td><td>which faults, in order, comma-separated (names as in {@link ChaosFault})</td></tr>
 *   <tr><td>{@code chaos.rate}</td><td>4</td><td>messages per second, all clients together</td></tr>
 *   <tr><td>{@code chaos.postgres.stall}</td><td>20</td><td>seconds PostgreSQL stays stalled</td></tr>
 *   <tr><td>{@code chaos.kafka.stall}</td><td>15</td><td>seconds the broker stays stalled</td></tr>
 *   <tr><td>{@code chaos.down}</td><td>5</td><td>seconds a stopped server or instance stays down before it is started again</td></tr>
 *   <tr><td>{@code chaos.away}</td><td>5</td><td>seconds the dropped clients stay away</td></tr>
 *   <tr><td>{@code chaos.dropped}</td><td>5 %, at least 2</td><td>clients whose network drops</td></tr>
 *   <tr><td>{@code chaos.gap}</td><td>8 (60 long)</td><td>seconds of calm after a fault has healed</td></tr>
 *   <tr><td>{@code chaos.heal.timeout}</td><td>60 (120 long)</td><td>seconds to wait for a fault to heal before going on</td></tr>
 *   <tr><td>{@code chaos.quiet}</td><td>60</td><td>at most this many seconds after the last send for every client to catch up</td></tr>
 *   <tr><td>{@code chaos.memory.every}</td><td>30</td><td>seconds between samples of each service's memory</td></tr>
 *   <tr><td>{@code chaos.builds}</td><td>the project</td><td>a folder holding the services' builds
 *   ({@code <module>/target/quarkus-app}), e.g. another checkout's, to soak that build instead</td></tr>
 * </table>
 */
record ChaosSettings(int clients, Duration soak, List<ChaosFault> faults, double rate, Duration postgresStall,
                     Duration kafkaStall, Duration down, Duration away, int dropped, Duration gap,
                     Duration healTimeout, Duration quiet, Duration memoryEvery, Path builds) {

    static ChaosSettings fromSystemProperties() {
        int clients = Integer.getInteger("chaos.clients", 40);
        if (clients < 4 || clients > 1000) {
            throw new IllegalArgumentException("chaos.clients must be 4 to 1000 (one group holds at most 1,000)");
        }
        int minutes = Integer.getInteger("chaos.minutes", 0);
        var names = System.getProperty("chaos.faults", "");
        var faults = names.isBlank() ? List.of(ChaosFault.values())
                : Arrays.stream(names.split(",")).map(String::trim).map(ChaosFault::named).toList();
        return new ChaosSettings(clients, Duration.ofMinutes(minutes), faults,
                Double.parseDouble(System.getProperty("chaos.rate", "4")),
                seconds("chaos.postgres.stall", 20), seconds("chaos.kafka.stall", 15), seconds("chaos.down", 5),
                seconds("chaos.away", 5), Integer.getInteger("chaos.dropped", Math.max(2, clients / 20)),
                seconds("chaos.gap", minutes > 0 ? 60 : 8), seconds("chaos.heal.timeout", minutes > 0 ? 120 : 60),
                seconds("chaos.quiet", 60), seconds("chaos.memory.every", 30), Path.of(System.getProperty("chaos.builds",
                        System.getProperty("switchboard.root", ".."))).toAbsolutePath().normalize());
    }

    /** The faults go round until the soak's time is up (else each once). */
    boolean repeating() {
        return !soak.isZero();
    }

    /** How it was asked for, to label the figures: the command, and any other chaos.* setting given. */
    String command() {
        var others = System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("chaos.") && !key.equals("chaos.minutes") && !key.equals("chaos.clients"))
                .sorted().map(key -> "-D" + key + "=" + System.getProperty(key)).toList();
        if (repeating()) {
            return (others.isEmpty() ? "" : "CHAOS_OPTS=\"" + String.join(" ", others) + "\" ")
                    + "./switchboard chaos " + soak.toMinutes() + " " + clients;
        }
        return "./mvnw -pl e2e verify -Dtest=ChaosTest" + (clients != 40 ? " -Dchaos.clients=" + clients : "")
                + (others.isEmpty() ? "" : " " + String.join(" ", others));
    }

    private static Duration seconds(String property, int fallback) {
        return Duration.ofSeconds(Integer.getInteger(property, fallback));
    }
}
