package io.switchboard.devstack;

/** PostgreSQL and Kafka as the tests and the local stack see them: started here, or external. */
public interface Infrastructure {

    Endpoints endpoints();

    void createDatabase(String name);

    /** Stops the broker, keeping its data: what clients do while Kafka is down. */
    void stopKafka();

    /** Starts the broker again on the same port with the same data. */
    void startKafka();
}
