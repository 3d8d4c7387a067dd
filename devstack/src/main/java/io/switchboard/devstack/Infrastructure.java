package io.switchboard.devstack;

/** PostgreSQL and Kafka as the tests and the local stack see them: started here, or external. */
public interface Infrastructure {

    Endpoints endpoints();

    void createDatabase(String name);
}
