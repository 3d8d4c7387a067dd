package io.switchboard.devstack;

/**
 * The one PostgreSQL and Kafka of a test JVM, started on first use. Quarkus restarts the
 * application between test classes with different resources, but the servers stay up: starting
 * them is the slowest part of a test run.
 */
public final class SharedDevStack {

    private SharedDevStack() {
    }

    // A JVM-wide holder is the point of this class: test resources are instantiated per test class.
    private static final class Holder {
        static final Infrastructure INSTANCE = create();

        private static Infrastructure create() {
            var external = ExternalInfrastructure.fromEnvironment(System.getenv());
            if (external.isPresent()) {
                return external.get();
            }
            var stack = DevStack.start(DevStackOptions.forTests());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "devstack-shutdown"));
            return stack;
        }
    }

    public static Infrastructure get() {
        return Holder.INSTANCE;
    }
}
