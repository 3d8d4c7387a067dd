package io.switchboard.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * How to start the servers.
 *
 * @param baseDir      folder devstack owns: {@code runs/<run>} for data, {@code cache/} for binaries
 * @param runName      a run's folder; names starting with {@code tmp-} are deleted when the run ends
 * @param postgresPort 0 for a free port
 * @param kafkaPort    0 for a free port
 * @param databases    databases to create before reporting ready
 * @param durable      fsync on (local runs keep data safely); off in tests, for speed
 * @param heap         the servers' JVM heap, e.g. {@code 512m}
 * @param fullJit      the Kafka broker's JVM compiles as in production (C2, G1), for benchmarks;
 *                     otherwise it starts fast and small (C1 only, serial GC), for tests and local runs
 * @param kafkaLogins  the broker asks for logins and enforces ACLs as the cluster's does: SCRAM-SHA-512
 *                     on a SASL_PLAINTEXT listener (no TLS), nothing allowed that no ACL allows, no
 *                     topic created by accident; {@link DevStack#kafkaAdmin()} is its super user.
 *                     Otherwise it is plain and open, as for every other test and local run
 */
public record DevStackOptions(Path baseDir, String runName, int postgresPort, int kafkaPort,
                              List<String> databases, boolean durable, String heap, boolean fullJit,
                              boolean kafkaLogins) {

    /** A plain broker. */
    public DevStackOptions(Path baseDir, String runName, int postgresPort, int kafkaPort, List<String> databases,
                           boolean durable, String heap, boolean fullJit) {
        this(baseDir, runName, postgresPort, kafkaPort, databases, durable, heap, fullJit, false);
    }

    /** Servers that start fast and small. */
    public DevStackOptions(Path baseDir, String runName, int postgresPort, int kafkaPort, List<String> databases,
                           boolean durable, String heap) {
        this(baseDir, runName, postgresPort, kafkaPort, databases, durable, heap, false);
    }

    /** The same, with a broker that asks for logins and enforces ACLs. */
    public DevStackOptions withKafkaLogins() {
        return new DevStackOptions(baseDir, runName, postgresPort, kafkaPort, databases, durable, heap, fullJit, true);
    }

    /** Environment variable naming the folder devstack owns. */
    public static final String DIR_ENV = "DEVSTACK_DIR";

    /** A throw-away run on free ports, for one test JVM. */
    public static DevStackOptions forTests() {
        return new DevStackOptions(defaultBaseDir(), "tmp-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8), 0, 0, List.of(), false, "512m");
    }

    static Path defaultBaseDir() {
        var configured = System.getenv(DIR_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "switchboard-devstack");
    }
}
