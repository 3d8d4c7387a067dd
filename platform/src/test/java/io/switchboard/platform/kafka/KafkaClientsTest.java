package io.switchboard.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void aPlainBrokerNeedsOnlyItsAddress() {
        var properties = KafkaClients.connection("localhost:9092", name -> Optional.empty());

        assertThat(properties).containsExactly(Map.entry("bootstrap.servers", "localhost:9092"));
    }

    @Test
    void theClustersTlsAndSaslSettingsReachEveryClient() {
        var config = Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "kafka.ssl.truststore.location", "/etc/switchboard/kafka-ca/ca.p12",
                "kafka.ssl.truststore.password", "secret",
                "kafka.ssl.truststore.type", "PKCS12",
                "kafka.ssl.endpoint.identification.algorithm", "",
                "kafka.linger.ms", "500");

        var properties = KafkaClients.connection("kafka:9093", name -> Optional.ofNullable(config.get(name)));

        assertThat(properties).containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .containsEntry("ssl.truststore.location", "/etc/switchboard/kafka-ca/ca.p12")
                .containsEntry("ssl.truststore.password", "secret")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .doesNotContainKey("ssl.endpoint.identification.algorithm") // blank: the client's default
                .doesNotContainKey("linger.ms"); // each client tunes its own
    }
}
