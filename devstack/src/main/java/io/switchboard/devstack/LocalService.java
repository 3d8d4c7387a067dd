package io.switchboard.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * One service process of the local stack.
 *
 * @param name     shown in front of its log lines
 * @param module   the Maven module whose {@code target/quarkus-app} it runs
 * @param port     its HTTP port
 * @param database its PostgreSQL database, or null for a service without one
 * @param extraEnv environment beyond the servers' addresses, given the local data folder
 */
public record LocalService(String name, String module, int port, String database,
                           Function<Path, Map<String, String>> extraEnv) {

    Map<String, String> env(Path dataDir) {
        return extraEnv.apply(dataDir);
    }
}
