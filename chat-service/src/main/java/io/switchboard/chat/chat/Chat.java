package io.switchboard.chat.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A conversation: direct (two people) or group (a title and an owner). */
@Entity
@Table(name = "chats")
public class Chat extends PanacheEntityBase {

    public static final String DIRECT = "direct";
    public static final String GROUP = "group";

    @Id
    public UUID id;

    @Column(nullable = false, length = 10)
    public String type;

    @Column(length = 100)
    public String title;

    @Column(name = "owner_id")
    public UUID ownerId;

    /** For direct chats: the two member ids, sorted, joined by ':'. */
    @Column(name = "direct_key", length = 73)
    public String directKey;

    /** Maintained by the event log in SQL; never written through this entity. */
    @Column(name = "last_seq", nullable = false, insertable = false, updatable = false)
    public long lastSeq;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_activity_at", nullable = false, updatable = false)
    public Instant lastActivityAt;

    public boolean isGroup() {
        return GROUP.equals(type);
    }

    static String directKey(UUID a, UUID b) {
        return a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    }
}
