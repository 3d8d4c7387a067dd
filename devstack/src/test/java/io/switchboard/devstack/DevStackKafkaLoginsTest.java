package io.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@link DevStackOptions#kafkaLogins()} the broker lets in only SCRAM-SHA-512 logins it
 * knows, and each only as far as its ACLs allow; its super user survives a broker restart.
 */
class DevStackKafkaLoginsTest {

    private static DevStack stack;
    private static KafkaLogin admin;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevStackOptions.forTests().withKafkaLogins());
        admin = stack.kafkaAdmin().orElseThrow();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aClientThatDoesNotLogInGetsNothing() {
        var props = new Properties();
        props.put("bootstrap.servers", stack.endpoints().kafkaBootstrapServers());
        props.put("default.api.timeout.ms", "3000");
        props.put("request.timeout.ms", "2000");
        try (var anonymous = Admin.create(props)) {
            assertThatThrownBy(() -> anonymous.listTopics().names().get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void aUserReadsWhatItsAclsAllowAndNothingElse() throws Exception {
        var allowed = "allowed-" + UUID.randomUUID();
        var other = "other-" + UUID.randomUUID();
        var reader = new KafkaLogin("reader", "reader-secret");
        try (var admin = Admin.create(properties(DevStackKafkaLoginsTest.admin))) {
            admin.createTopics(List.of(new NewTopic(allowed, 1, (short) 1), new NewTopic(other, 1, (short) 1))).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(reader.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), reader.password()))).all().get();
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, allowed, PatternType.LITERAL),
                    new AccessControlEntry("User:" + reader.user(), "*", AclOperation.READ, AclPermissionType.ALLOW))))
                    .all().get();
        }
        try (var producer = new KafkaProducer<>(properties(admin), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(allowed, "k", "hello")).get();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(readFirst(reader, allowed)).isEqualTo("hello"));
        assertThatThrownBy(() -> readFirst(reader, other)).isInstanceOf(TopicAuthorizationException.class);
        var writer = properties(reader);
        writer.put("enable.idempotence", "false"); // an idempotent producer would be refused earlier, needing Write anywhere
        try (var producer = new KafkaProducer<>(writer, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(allowed, "k", "mine")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> readFirst(new KafkaLogin("reader", "wrong"), allowed))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void theSuperUserLogsInAgainAfterABrokerRestart() throws Exception {
        stack.stopKafka();
        stack.startKafka();
        try (var admin = Admin.create(properties(DevStackKafkaLoginsTest.admin))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

    private static String readFirst(KafkaLogin login, String topic) {
        var props = properties(login);
        props.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            var records = consumer.poll(Duration.ofSeconds(5));
            return records.isEmpty() ? null : records.iterator().next().value();
        }
    }

    private static Properties properties(KafkaLogin login) {
        var props = new Properties();
        props.put("bootstrap.servers", stack.endpoints().kafkaBootstrapServers());
        props.putAll(login.clientProperties());
        props.putAll(Map.of("request.timeout.ms", "5000", "default.api.timeout.ms", "10000", "max.block.ms", "10000"));
        return props;
    }
}
