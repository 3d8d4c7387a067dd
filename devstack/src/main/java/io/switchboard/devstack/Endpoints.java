package io.switchboard.devstack;


import java.util.Optional;

/** Where the running PostgreSQL, Kafka and object store answer (an external stack may have no store). */
public record Endpoints(String postgresHost, int postgresPort, String postgresUser, String postgresPassword,
                        String kafkaBootstrapServers, Optional<ObjectStore> objectStore) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }
}
