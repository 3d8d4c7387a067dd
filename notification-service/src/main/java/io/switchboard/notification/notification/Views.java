package io.switchboard.notification.notification;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.contracts.notification.NotificationView;

/** Notifications as their users see them. */
@ApplicationScoped
public class Views {

    private final ObjectMapper json;

    public Views(ObjectMapper json) {
        this.json = json;
    }

    public NotificationView of(Notification n, boolean read) {
        return new NotificationView(n.id, n.type, n.title, n.body, parse(n.data), n.chatId, n.unreadCount, read,
                n.createdAt, n.updatedAt);
    }

    /** JSON text, as stored. */
    public String text(JsonNode data) {
        if (data == null || data.isNull()) {
            return null;
        }
        try {
            return json.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(String data) {
        if (data == null) {
            return null;
        }
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
