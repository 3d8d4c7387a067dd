package io.switchboard.devstack;

/** Where the running PostgreSQL and Kafka answer. */
public record Endpoints(String postgresHost, int postgresPort, String postgresUser, String postgresPassword,
                        String kafkaBootstrapServers) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }
}
