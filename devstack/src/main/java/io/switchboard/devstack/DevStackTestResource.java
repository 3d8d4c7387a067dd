package io.switchboard.devstack;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL database, a real Kafka broker and an object store:
 * <pre>
 * &#64;QuarkusTestResource(value = DevStackTestResource.class, initArgs = &#64;ResourceArg(name = "database", value = "auth"))
 * </pre>
 * One pair of servers serves the whole test JVM ({@link SharedDevStack}); each service gets its
 * own database. With {@code DEVSTACK_POSTGRES_URL} and {@code DEVSTACK_KAFKA_BOOTSTRAP_SERVERS}
 * set, tests use those servers instead of starting any.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        var infra = SharedDevStack.get();
        var endpoints = infra.endpoints();
        var config = new HashMap<String, String>();
        infra.createDatabase(database);
        config.put("quarkus.datasource.jdbc.url", endpoints.jdbcUrl(database));
        config.put("quarkus.datasource.username", endpoints.postgresUser());
        config.put("quarkus.datasource.password", endpoints.postgresPassword());
        config.put("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers());
        endpoints.objectStore().ifPresent(store -> config.putAll(store.chatServiceConfig()));
        return config;
    }

    @Override
    public void stop() {
        // The servers outlive one test class: they stop when the test JVM exits.
    }
}
