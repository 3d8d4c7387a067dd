package io.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** devstack starts a real PostgreSQL, a real Kafka broker and an object store that clients can use. */
class DevStackTest {

    private static DevStack stack;

    @BeforeAll
    static void start() {
        System.setProperty(DevStack.SHARED_BUFFERS, "96MB");
        try {
            stack = DevStack.start(DevStackOptions.forTests());
        } finally {
            System.clearProperty(DevStack.SHARED_BUFFERS);
        }
        stack.createDatabase("devstack_test");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void postgresAnswersQueriesInTheCreatedDatabaseWithTheSharedBuffersAskedFor() throws Exception {
        var e = stack.endpoints();
        try (var connection = DriverManager.getConnection(e.jdbcUrl("devstack_test"), e.postgresUser(), e.postgresPassword());
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE greeting (text TEXT)");
            statement.execute("INSERT INTO greeting VALUES ('hello')");
            var rows = statement.executeQuery(
                    "SELECT text, current_database(), version(), current_setting('shared_buffers') FROM greeting");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("hello");
            assertThat(rows.getString(2)).isEqualTo("devstack_test");
            assertThat(rows.getString(3)).startsWith("PostgreSQL 17");
            assertThat(rows.getString(4)).as("the size the caller asked for").isEqualTo("96MB");
        }
    }

    @Test
    void theObjectStoreAnswersS3AndRefusesUnsignedRequests() throws Exception {
        var store = stack.endpoints().objectStore().orElseThrow();
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create(store.endpoint() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("<Code>AccessDenied</Code>");
        }
    }

    @Test
    void kafkaReturnsAProducedRecordToAConsumer() throws Exception {
        assertThat(stack.kafkaAdmin()).as("plain by default: no logins").isEmpty();
        var topic = "devstack-" + UUID.randomUUID();
        produce(topic, "chat-1", "hello");
        assertThat(consumeAll(topic, 1)).extracting(ConsumerRecord::value).containsExactly("hello");
    }

    @Test
    void kafkaKeepsItsRecordsAcrossABrokerRestart() throws Exception {
        var topic = "devstack-restart-" + UUID.randomUUID();
        produce(topic, "k", "before");
        stack.stopKafka();
        stack.startKafka();
        produce(topic, "k", "after");
        assertThat(consumeAll(topic, 2)).extracting(ConsumerRecord::value).containsExactly("before", "after");
    }

    @Test
    void aRunKilledWithoutStoppingLeavesNothingBehindForTheNextStart() throws Exception {
        var options = DevStackOptions.forTests();
        var crashed = DevStack.start(options);
        var runDir = options.baseDir().resolve("runs").resolve(options.runName());
        var postmasterPid = Long.parseLong(Files.readAllLines(runDir.resolve("postgres/data/postmaster.pid")).getFirst());
        crashed.killForTest();

        assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive)).contains(true);
        try (var next = DevStack.start(DevStackOptions.forTests())) {
            assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(runDir).doesNotExist();
        }
    }

    private static void produce(String topic, String key, String value) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var received = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        return received;
    }

    @Test
    void externalServersAreUsedWhenTheEnvironmentNamesThem() {
        var external = ExternalInfrastructure.fromEnvironment(Map.of(
                "DEVSTACK_POSTGRES_URL", "postgresql://db.example:6543",
                "DEVSTACK_POSTGRES_USER", "app",
                "DEVSTACK_POSTGRES_PASSWORD", "secret",
                "DEVSTACK_KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9092",
                "DEVSTACK_S3_URL", "https://s3.example",
                "DEVSTACK_S3_ACCESS_KEY", "key",
                "DEVSTACK_S3_SECRET_KEY", "its-secret"));
        assertThat(external).get().extracting(Infrastructure::endpoints).isEqualTo(
                new Endpoints("db.example", 6543, "app", "secret", "kafka.example:9092",
                        Optional.of(new ObjectStore("https://s3.example", "key", "its-secret"))));
        assertThat(ExternalInfrastructure.fromEnvironment(Map.of())).isEmpty();
    }
}
