package io.switchboard.realtime.protocol;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.EventFrames;

/** Answers to one socket: its own events and its errors. */
@ApplicationScoped
class Replies {

    private final EventFrames frames;
    private final DeliveryMetrics metrics;

    Replies(EventFrames frames, DeliveryMetrics metrics) {
        this.frames = frames;
        this.metrics = metrics;
    }

    void send(ClientSession session, ServerEvent event) {
        session.send(frames.frame(event, false, null));
    }

    void error(ClientSession session, String code, String message, String requestType, UUID chatId,
               String clientMessageId) {
        metrics.refused(code);
        send(session, new ServerEvent.Error(code, message, requestType, chatId, clientMessageId, Instant.now()));
    }
}
