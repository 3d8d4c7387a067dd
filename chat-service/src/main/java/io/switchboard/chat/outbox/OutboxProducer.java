package io.switchboard.chat.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.switchboard.chat.event.Unpublished;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.platform.kafka.KafkaClients;

/**
 * The outbox's Kafka producer. Hand-written rather than an Emitter: the relay must learn, record
 * by record, what the broker acknowledged, and the client library must never give up on a record
 * the broker may have written.
 *
 * <p>Why it never gives up: a broker that stops answering with its connections open (a long
 * pause, a frozen VM) still writes the produce requests it had received once it goes on, and no
 * acknowledgement of them arrives in time. If the producer expired such a batch
 * ({@code delivery.timeout.ms}) and the relay sent its events again, they would go out as new
 * records (the producer bumps its epoch after an expiry, so the broker cannot recognise them)
 * and the topic would hold them twice. So batches never expire: the producer resends the same
 * batch, with the same producer id, epoch and sequence numbers, each time a request times out
 * ({@code request.timeout.ms}), the broker answers a batch it already wrote with its offset
 * instead of writing it again, and the relay waits for that answer however long it takes.
 */
final class OutboxProducer implements AutoCloseable {

    /** What sending a batch came to: the events Kafka acknowledged, and the first failure, if any. */
    record Outcome(List<Unpublished> acknowledged, Exception failure) {
    }

    private final KafkaProducer<String, byte[]> producer;

    OutboxProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(config(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends in order and waits for each verdict, with no time limit of its own (see the class
     * comment). Stops sending at the first record refused before it left (no metadata, say), so
     * later records never overtake it; what was sent is waited for either way.
     */
    Outcome send(List<Unpublished> rows) {
        var acks = new ArrayList<Future<RecordMetadata>>(rows.size());
        for (Unpublished row : rows) {
            var envelope = row.envelope().getBytes(StandardCharsets.UTF_8);
            var ack = producer.send(new ProducerRecord<>(Topics.CHAT_EVENTS, row.chatId(), envelope));
            acks.add(ack);
            if (ack.isDone() && failed(ack)) {
                break;
            }
        }
        producer.flush(); // the whole batch leaves now, in one request per broker (see linger.ms)
        var acknowledged = new ArrayList<Unpublished>(acks.size());
        Exception failure = null;
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
                acknowledged.add(rows.get(i));
            } catch (ExecutionException e) {
                failure = failure == null ? e : failure; // refused, or dropped by the close at shutdown
            } catch (InterruptedException e) { // shutting down: what is still pending stays unpublished
                Thread.currentThread().interrupt();
                return new Outcome(acknowledged, e);
            }
        }
        return new Outcome(acknowledged, failure);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static boolean failed(Future<?> future) {
        try {
            future.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static Properties config(String bootstrapServers) {
        var props = KafkaClients.connection(bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "chat-service-outbox-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // records wait while a batch is being appended and leave together at flush(): fewer, fuller
        // produce requests; flush() means a batch never waits for the linger itself
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        // no compression: an event is a few hundred bytes, usually alone in its batch, and a compressed
        // batch costs the relay a compressor, the broker a decompression to validate it, and every
        // consumer group another
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // a batch is retried until the broker answers, never expired while it may have been written
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
        // how long one attempt waits before the same batch is sent again (and recognised if written)
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        // a record refused here (no metadata) never left: the relay may send it again safely
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return props;
    }
}
