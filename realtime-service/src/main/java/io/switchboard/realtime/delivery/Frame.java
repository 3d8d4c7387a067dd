package io.switchboard.realtime.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.switchboard.contracts.realtime.ServerEvent;

/**
 * A server event encoded once, ready to be written to any number of sockets.
 *
 * @param droppable typing and presence: the first to go when a socket's queue is too long
 * @param eventTime when the underlying event happened, for the delivery latency metric
 */
public record Frame(String type, String text, int bytes, boolean droppable, Instant eventTime) {

    public static Frame of(String type, String text, boolean droppable, Instant eventTime) {
        return new Frame(type, text, text.getBytes(StandardCharsets.UTF_8).length, droppable, eventTime);
    }

    /** The {@code type} name a server event travels under. */
    public static String typeOf(ServerEvent event) {
        return event.getClass().getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class).value();
    }
}
