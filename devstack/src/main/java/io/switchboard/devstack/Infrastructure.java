package io.switchboard.devstack;

/** PostgreSQL, Kafka and the object store as the tests and the local stack see them: started here, or external. */
public interface Infrastructure {

    Endpoints endpoints();

    void createDatabase(String name);

    /** Stops the broker, keeping its data: what clients do while Kafka is down. */
    void stopKafka();

    /** Starts the broker again on the same port with the same data. */
    void startKafka();

    /** Freezes the broker (SIGSTOP): its connections stay open and nothing answers. */
    default void stallKafka() {
        throw new IllegalStateException("only devstack's own Kafka can be stalled");
    }

    /** Lets a stalled broker go on (SIGCONT). */
    default void resumeKafka() {
        throw new IllegalStateException("only devstack's own Kafka can be stalled");
    }

    /** Freezes PostgreSQL (SIGSTOP to every process of it): connections stay open, queries hang. */
    default void stallPostgres() {
        throw new IllegalStateException("only devstack's own PostgreSQL can be stalled");
    }

    /** Lets a stalled PostgreSQL go on (SIGCONT). */
    default void resumePostgres() {
        throw new IllegalStateException("only devstack's own PostgreSQL can be stalled");
    }

    /** Stops PostgreSQL (a fast shutdown: every connection is cut), keeping its data. */
    default void stopPostgres() {
        throw new IllegalStateException("an external PostgreSQL is not devstack's to stop");
    }

    /** Starts PostgreSQL again on the same port with the same data. */
    default void startPostgres() {
        throw new IllegalStateException("an external PostgreSQL is not devstack's to start");
    }

    /** Stops the object store (connections are refused), keeping its objects. */
    default void stopObjectStore() {
        throw new IllegalStateException("an external object store is not devstack's to stop");
    }

    /** Starts the object store again on the same port with the same objects. */
    default void startObjectStore() {
        throw new IllegalStateException("an external object store is not devstack's to start");
    }
}
