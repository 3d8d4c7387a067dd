package io.switchboard.notification.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.SharedDevStack;
import io.switchboard.notification.DevStackResources;
import io.switchboard.notification.Kafka;
import io.switchboard.notification.Person;

/**
 * An instance stopped while it waits for the database (a rolling deployment during an outage)
 * stops at once, and what it held is not lost: the instance that takes its partitions over
 * stores those events once the database is back. The second instance here is a second consumer
 * in the same group, inside the test's application.
 */
@QuarkusTest
class StopWhileRetryingTest extends DevStackResources {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3; // as Kafka.awaitConsumer creates the topic

    @Inject
    BatchStore store;

    @Inject
    OfflineNotifier notifier;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anInstanceStopsPromptlyWhileRetryingAndItsEventsAreStoredByTheNext() throws Exception {
        Kafka.awaitConsumer();
        var ann = Person.user();
        var bob = Person.user();
        var chats = chatsOnEveryPartition(ann, bob);
        var second = new ChatEventConsumer(bootstrapServers, store, notifier, new SimpleMeterRegistry());
        var infra = SharedDevStack.get();

        second.start(null);
        infra.stopPostgres();
        try {
            chats.forEach(chat -> chat.send(ann, "for the chat on its own partition"));
            await().atMost(WAIT).until(() -> second.stuck().isPresent());
        } finally {
            long started = System.nanoTime();
            second.stop(null);
            var stopping = Duration.ofNanos(System.nanoTime() - started);
            infra.startPostgres();
            assertThat(stopping).isLessThan(Duration.ofSeconds(2));
            assertThat(second.isJoined()).isFalse();
        }

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(bob.notifications("chat_messages")).hasSize(chats.size()));
    }

    /** One chat per partition (records are keyed by chat id), so whichever the second consumer holds gets an event. */
    private static List<Kafka.Chat> chatsOnEveryPartition(Person... members) {
        var byPartition = new HashMap<Integer, Kafka.Chat>();
        while (byPartition.size() < PARTITIONS) {
            var chat = new Kafka.Chat(members);
            var key = chat.id.toString().getBytes(StandardCharsets.UTF_8);
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS, chat);
        }
        return new ArrayList<>(byPartition.values());
    }
}
