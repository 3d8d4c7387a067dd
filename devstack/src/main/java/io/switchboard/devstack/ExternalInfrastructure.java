package io.switchboard.devstack;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostgreSQL and Kafka that someone else runs, named by environment variables:
 * {@code DEVSTACK_POSTGRES_URL} ({@code postgresql://host:port}), {@code DEVSTACK_POSTGRES_USER},
 * {@code DEVSTACK_POSTGRES_PASSWORD} and {@code DEVSTACK_KAFKA_BOOTSTRAP_SERVERS}, and optionally an
 * S3-compatible store: {@code DEVSTACK_S3_URL}, {@code DEVSTACK_S3_ACCESS_KEY},
 * {@code DEVSTACK_S3_SECRET_KEY}. The user must be allowed to create databases.
 */
final class ExternalInfrastructure implements Infrastructure {

    static final String POSTGRES_URL = "DEVSTACK_POSTGRES_URL";
    static final String POSTGRES_USER = "DEVSTACK_POSTGRES_USER";
    static final String POSTGRES_PASSWORD = "DEVSTACK_POSTGRES_PASSWORD";
    static final String KAFKA = "DEVSTACK_KAFKA_BOOTSTRAP_SERVERS";
    static final String S3_URL = "DEVSTACK_S3_URL";
    static final String S3_ACCESS_KEY = "DEVSTACK_S3_ACCESS_KEY";
    static final String S3_SECRET_KEY = "DEVSTACK_S3_SECRET_KEY";
    private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Endpoints endpoints;

    private ExternalInfrastructure(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The external servers, if the environment names both. */
    static Optional<Infrastructure> fromEnvironment(Map<String, String> env) {
        var postgres = env.get(POSTGRES_URL);
        var kafka = env.get(KAFKA);
        if (postgres == null || postgres.isBlank() || kafka == null || kafka.isBlank()) {
            return Optional.empty();
        }
        var uri = URI.create(postgres);
        var s3 = env.get(S3_URL);
        var objectStore = s3 == null || s3.isBlank() ? Optional.<ObjectStore>empty()
                : Optional.of(new ObjectStore(s3, env.getOrDefault(S3_ACCESS_KEY, ""), env.getOrDefault(S3_SECRET_KEY, "")));
        return Optional.of(new ExternalInfrastructure(new Endpoints(
                uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
                env.getOrDefault(POSTGRES_USER, "postgres"), env.getOrDefault(POSTGRES_PASSWORD, ""),
                kafka, objectStore)));
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void stopKafka() {
        throw new IllegalStateException("an external Kafka broker is not devstack's to stop");
    }

    @Override
    public void startKafka() {
        throw new IllegalStateException("an external Kafka broker is not devstack's to start");
    }

    // Like devstack-servers' PostgresServer.createDatabase, written twice on purpose: the two live
    // on separate classpaths (this JVM's and the servers' child JVM) and neither may load the other.
    @Override
    public void createDatabase(String name) {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad database name: " + name);
        }
        try (var connection = DriverManager.getConnection(endpoints.jdbcUrl("postgres"),
                endpoints.postgresUser(), endpoints.postgresPassword());
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + endpoints.jdbcUrl(""), e);
        }
    }
}
