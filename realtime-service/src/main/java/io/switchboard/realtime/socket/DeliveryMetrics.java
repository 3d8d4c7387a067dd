package io.switchboard.realtime.socket;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's meters (Prometheus names in docs/operations.md): frames delivered and dropped
 * by type, a chat event's hops before this instance, delivery latency from the event's time to
 * the socket write, closes by reason.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Timer latency;
    private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final Map<String, Counter> closed = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Timer storedToProduced;
    private final Timer producedToPolled;
    private final Timer polledToLocated;
    private final Timer polledToHanded;
    private final Timer handedToPolled;
    private final Counter repeated;
    private final Counter resumeRetried;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.repeated = Counter.builder("switchboard.ws.events.repeated")
                .description("Chat events not written because the socket had been given their seq already")
                .register(registry);
        this.resumeRetried = Counter.builder("switchboard.ws.resume.retried")
                .description("Pages of a resume's replay asked of chat-service again because it was unavailable")
                .register(registry);
        this.storedToProduced = hop("stored_to_produced",
                "From a chat event's time (written in chat-service's transaction) to the outbox relay handing it to Kafka");
        this.producedToPolled = hop("produced_to_polled",
                "From the outbox relay handing a chat event to Kafka to the router polling it here");
        this.polledToLocated = hop("polled_to_located",
                "On the router: from polling a batch to knowing which other instances hold its recipients (the directory lookup)");
        this.polledToHanded = hop("polled_to_handed",
                "On the router: from polling a batch to the other instances' inboxes acknowledging their records");
        this.handedToPolled = hop("handed_to_polled",
                "On the receiving instance: from the router writing an inbox record to this instance polling it");
        this.latency = Timer.builder("switchboard.ws.delivery.latency")
                .description("From an event's time to its frame written on a socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Timer hop(String hop, String description) {
        return Timer.builder("switchboard.router.event.age")
                .description(description)
                .tag("hop", hop)
                .register(registry);
    }

    /**
     * A chat event polled from Kafka: the time of its hops before this instance, from its time,
     * the Kafka record's create time and now (clocks of other hosts: on one host exact, across
     * hosts as good as their clock sync).
     */
    public void polled(Instant eventTime, long producedAtMillis, Instant now) {
        var produced = Instant.ofEpochMilli(producedAtMillis);
        storedToProduced.record(atLeastZero(Duration.between(eventTime, produced)));
        producedToPolled.record(atLeastZero(Duration.between(produced, now)));
    }

    /** The router found which other instances hold the recipients of a batch polled at {@code polledAt}. */
    public void located(Instant polledAt) {
        polledToLocated.record(atLeastZero(Duration.between(polledAt, Instant.now())));
    }

    /** The inboxes acknowledged the records of a batch polled at {@code polledAt}. */
    public void handed(Instant polledAt) {
        polledToHanded.record(atLeastZero(Duration.between(polledAt, Instant.now())));
    }

    /** An inbox record written by another instance at {@code writtenAtMillis} (its Kafka create time) was polled here. */
    public void inboxPolled(long writtenAtMillis, Instant now) {
        handedToPolled.record(atLeastZero(Duration.between(Instant.ofEpochMilli(writtenAtMillis), now)));
    }

    private static Duration atLeastZero(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** A frame reached the network on one socket. */
    public void written(Frame frame) {
        written(frame, 1);
    }

    /**
     * A frame reached the network on {@code sockets} sockets of one event loop, written one after
     * the other: the latency is taken once, after the last of them (the slowest of them).
     */
    public void written(Frame frame, int sockets) {
        delivered.computeIfAbsent(frame.type(), type -> Counter.builder("switchboard.ws.events.delivered")
                .description("Server events written to sockets, by type")
                .tag("type", type)
                .register(registry)).increment(sockets);
        if (frame.eventTime() != null) {
            latency.record(Duration.between(frame.eventTime(), Instant.now()));
        }
    }

    /** A chat event reached a socket a second time (at-least-once delivery) and was not written. */
    public void repeated() {
        repeated.increment();
    }

    /** A droppable frame was not sent because its socket was too far behind. */
    public void dropped(Frame frame) {
        dropped.computeIfAbsent(frame.type(), type -> Counter.builder("switchboard.ws.frames.dropped")
                .description("Typing and presence frames dropped for slow sockets, by type")
                .tag("type", type)
                .register(registry)).increment();
    }

    /** The server closed a socket; {@code reason} is token_expired, slow_consumer, flood, dead or drain. */
    public void closed(String reason) {
        closed.computeIfAbsent(reason, r -> Counter.builder("switchboard.ws.closed")
                .description("Sockets the server closed, by reason")
                .tag("reason", r)
                .register(registry)).increment();
    }

    /** A client frame was refused; {@code code} is the error code it got. */
    public void refused(String code) {
        refused.computeIfAbsent(code, c -> Counter.builder("switchboard.ws.frames.refused")
                .description("Client frames answered with an error, by code")
                .tag("code", c)
                .register(registry)).increment();
    }

    /** A replay's page is asked again: chat-service did not answer. */
    public void resumeRetried() {
        resumeRetried.increment();
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
