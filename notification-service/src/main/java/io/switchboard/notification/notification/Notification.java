package io.switchboard.notification.notification;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A notification: a notice to one user, a notice to everyone ({@code userId} null), or the
 * messages of a chat its user missed while offline ({@code chat_messages}, kept current by
 * {@link io.switchboard.notification.offline.MissedMessages}).
 */
@Entity
@Table(name = "notifications")
public class Notification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false, length = 64)
    public String type;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(nullable = false)
    public String body;

    /** JSON text. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String data;

    @Column(name = "chat_id")
    public UUID chatId;

    @Column(name = "unread_count")
    public Integer unreadCount;

    @Column(name = "read_at")
    public Instant readAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Notification notice(UUID userId, String type, String title, String body, String data, Instant now) {
        var notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.userId = userId;
        notification.type = type;
        notification.title = title;
        notification.body = body == null ? "" : body;
        notification.data = data;
        notification.createdAt = now;
        notification.updatedAt = now;
        return notification;
    }
}
