package io.switchboard.platform.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How every Kafka client of a service (consumers, producers, admin) connects: the brokers, and
 * where the cluster asks for it, TLS and SASL. Locally and in tests the broker is plain and only
 * {@code kafka.bootstrap.servers} is set; on Kubernetes the listener takes SCRAM-SHA-512 over TLS
 * (k8s/base/kafka.yaml), and each service's {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG} (its KafkaUser's secret) and
 * {@code KAFKA_SSL_TRUSTSTORE_*} (the cluster CA) reach every client through here.
 *
 * <p>Consumers keep Kafka's fetch wait (500 ms). The broker answers a fetch as soon as a record
 * arrives, so the wait does not delay a record; it sets how often an idle consumer asks again,
 * and each realtime instance alone runs several consumers.
 */
public final class KafkaClients {

    /** The client settings taken from {@code kafka.<setting>} when configured. */
    static final List<String> CONNECTION = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type",
            "ssl.endpoint.identification.algorithm");

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private KafkaClients() {
    }

    /** The brokers, plus whichever connection settings the service's configuration holds. */
    public static Properties connection(String bootstrapServers) {
        var config = ConfigProvider.getConfig();
        return connection(bootstrapServers, name -> config.getOptionalValue(name, String.class));
    }

    /**
     * Stops a relay that publishes from a table: interrupts its thread and waits for it, then
     * closes its producer, each for 5 s at most; either may be null (never started).
     */
    public static void stopRelay(Thread relay, Producer<?, ?> producer) throws InterruptedException {
        if (relay != null) {
            relay.interrupt();
            relay.join(STOP_WAIT);
        }
        if (producer != null) {
            producer.close(STOP_WAIT);
        }
    }

    /**
     * A consumer in {@code group} that commits its offsets itself (once what it read is handled),
     * starts a partition the group has no offset for at its end (a new deployment does not act
     * on history), and keeps its partitions over a rebalance where it can (cooperative sticky).
     */
    public static Properties groupConsumer(String bootstrapServers, String group, String clientId) {
        var properties = connection(bootstrapServers);
        properties.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.CLIENT_ID_CONFIG, clientId));
        return properties;
    }

    /**
     * A producer whose sends count only once every in-sync replica has them, without duplicates
     * when it retries, and that gives up on a send within 10 s (blocked 5 s at most waiting for
     * the broker's metadata), so that its caller keeps what it could not send and tries again.
     */
    public static Properties acknowledgedProducer(String bootstrapServers) {
        var properties = connection(bootstrapServers);
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("max.block.ms", "5000");
        properties.put("request.timeout.ms", "5000");
        properties.put("delivery.timeout.ms", "10000");
        return properties;
    }

    /**
     * A consumer every instance runs on its own, with no consumer group: it assigns partitions and
     * seeks itself ({@link ConsumerLoop#assignAllFrom}), and commits nothing.
     */
    static Properties ungroupedReader(String bootstrapServers, String clientId) {
        var properties = connection(bootstrapServers);
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "earliest");
        properties.put("client.id", clientId);
        return properties;
    }

    static Properties connection(String bootstrapServers, Function<String, Optional<String>> config) {
        var properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        for (String setting : CONNECTION) {
            config.apply("kafka." + setting).filter(value -> !value.isBlank())
                    .ifPresent(value -> properties.put(setting, value));
        }
        return properties;
    }
}
