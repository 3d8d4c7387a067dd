package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.contracts.security.SessionRevocation;
import io.switchboard.devstack.TestSocket;
import io.switchboard.devstack.TestSocket.Carrier;
import io.switchboard.devstack.TestTokens;

/**
 * A session ended in auth-service (a revocation on Kafka, as auth-service publishes it) closes
 * that session's sockets with 4001 and refuses its token for new ones; the user's other sessions
 * go on.
 */
@QuarkusTest
class SessionEndTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anEndedSessionsSocketsCloseWith4001AndItsTokenNoLongerConnects() throws Exception {
        var user = UUID.randomUUID();
        var ended = UUID.randomUUID().toString();
        var endedToken = TestTokens.get().sessionToken(user, "erin", ended);
        var otherToken = TestTokens.get().sessionToken(user, "erin", UUID.randomUUID().toString());
        try (var first = connect(endedToken); var second = connect(endedToken); var other = connect(otherToken)) {

            publish(new SessionRevocation(ended, user.toString(), Instant.now().plus(Duration.ofMinutes(17))));

            assertThat(first.closeCode(Duration.ofSeconds(10))).isEqualTo(4001);
            assertThat(second.closeCode(Duration.ofSeconds(10))).isEqualTo(4001);
            other.send("{\"type\":\"ping\"}");
            assertThat(other.next("pong")).isNotNull();
            assertThat(other.isClosed()).isFalse();
        }
        assertThat(RealtimeUrl.refusal(endedToken, Carrier.HEADER)).isEqualTo(401);
        try (var again = connect(otherToken)) {
            assertThat(again.isClosed()).isFalse();
        }
    }

    private static TestSocket connect(String token) {
        var socket = RealtimeUrl.connect(token);
        socket.next("connected");
        return socket;
    }

    private void publish(SessionRevocation revocation) throws Exception {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SESSION_REVOCATIONS, revocation.userId(), revocation.encode())).get();
        }
    }
}
