package io.switchboard.realtime.socket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.switchboard.contracts.realtime.ServerEvent;

/**
 * A server event encoded once, ready to be written to any number of sockets.
 *
 * @param utf8 the text as UTF-8, as it goes on the wire
 * @param droppable typing and presence: the first to go when a socket's queue is too long
 * @param eventTime when the underlying event happened, for the delivery latency metric
 */
public record Frame(String type, String text, byte[] utf8, boolean droppable, Instant eventTime) {

    public static Frame of(String type, String text, boolean droppable, Instant eventTime) {
        return new Frame(type, text, text.getBytes(StandardCharsets.UTF_8), droppable, eventTime);
    }

    /** Its size on the wire, without the WebSocket frame header. */
    public int bytes() {
        return utf8.length;
    }

    /** The {@code type} name a server event travels under. */
    public static String typeOf(ServerEvent event) {
        return event.getClass().getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class).value();
    }
}
