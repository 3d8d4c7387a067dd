package io.switchboard.notification.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.contracts.notification.NotificationView;

/** Notifications as their users see them. */
@ApplicationScoped
public class Views {

    /** A notification as its user sees it now, with whose it is ({@code null}: everyone's). */
    public record Current(UUID userId, NotificationView view) {
    }

    /**
     * The columns of a notification's view, from {@code current_notifications v} (chat
     * notifications computed from their chat's messages) and whether {@code r} says it was read.
     */
    static final String COLUMNS = """
            v.id, v.type, v.title, v.body, cast(v.data AS text), v.chat_id, v.unread_count,
            (v.read_at IS NOT NULL OR r.notification_id IS NOT NULL), v.created_at, v.updated_at, v.user_id""";

    private final ObjectMapper json;
    private final EntityManager em;

    public Views(ObjectMapper json, EntityManager em) {
        this.json = json;
        this.em = em;
    }

    /** These notifications as they read now (one that counts no message any more is left out). */
    // SQL: reads the current_notifications view, which computes what a chat notification says
    public List<Current> current(Collection<UUID> ids) {
        List<?> rows = em.createNativeQuery("SELECT " + COLUMNS + """
                          FROM current_notifications v
                          LEFT JOIN notification_reads r ON false
                         WHERE v.id = ANY (cast(?1 AS uuid[]))""")
                .setParameter(1, ids.stream().map(UUID::toString).toArray(String[]::new))
                .getResultList();
        return rows.stream().map(row -> new Current((UUID) ((Object[]) row)[10], of((Object[]) row))).toList();
    }

    /** A row of {@link #COLUMNS}. */
    NotificationView of(Object[] row) {
        return new NotificationView((UUID) row[0], (String) row[1], (String) row[2], row[3] == null ? "" : (String) row[3],
                parse((String) row[4]), (UUID) row[5], row[6] == null ? null : ((Number) row[6]).intValue(),
                (Boolean) row[7], instant(row[8]), instant(row[9]));
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime time -> time.toInstant();
            case ZonedDateTime time -> time.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
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
