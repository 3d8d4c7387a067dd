package io.switchboard.devstack;

import java.util.Map;

/**
 * A SCRAM-SHA-512 login on devstack's Kafka broker when it asks for them
 * ({@link DevStackOptions#kafkaLogins()}), over its SASL_PLAINTEXT listener.
 */
public record KafkaLogin(String user, String password) {

    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    public static final String MECHANISM = "SCRAM-SHA-512";

    public KafkaLogin {
        if (!(user + password).matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a login's user and password are letters, digits, '.', '_' or '-'");
        }
    }

    /** What a Kafka client adds to its bootstrap servers to log in as this user. */
    public Map<String, String> clientProperties() {
        return Map.of("security.protocol", SECURITY_PROTOCOL, "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaasConfig());
    }

    /** The same for a service, as the environment variables its Kafka clients read (KafkaClients). */
    public Map<String, String> serviceEnvironment() {
        return Map.of("KAFKA_SECURITY_PROTOCOL", SECURITY_PROTOCOL, "KAFKA_SASL_MECHANISM", MECHANISM,
                "KAFKA_SASL_JAAS_CONFIG", jaasConfig());
    }

    @Override
    public String toString() {
        return "KafkaLogin[" + user + "]";
    }

    private String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
