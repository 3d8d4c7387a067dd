package io.switchboard.chat.chat;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user's membership of a chat, with their read position and whether they muted it. */
@Entity
@Table(name = "chat_members")
@IdClass(ChatMember.Key.class)
public class ChatMember extends PanacheEntityBase {

    public static final String OWNER = "owner";
    public static final String MEMBER = "member";

    @Id
    @Column(name = "chat_id")
    public UUID chatId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false, length = 10)
    public String role;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "last_read_seq", nullable = false)
    public long lastReadSeq;

    /** Muted: the member is not notified of the chat's messages (they are still delivered). */
    @Column(nullable = false)
    public boolean muted;

    public record Key(UUID chatId, UUID userId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static Optional<ChatMember> find(UUID chatId, UUID userId) {
        return find("chatId = ?1 and userId = ?2", chatId, userId).firstResultOptional();
    }

    public static List<UUID> memberIds(UUID chatId) {
        return find("chatId = ?1 order by joinedAt, userId", chatId).<ChatMember>list().stream()
                .map(m -> m.userId).toList();
    }

    static ChatMember of(UUID chatId, UUID userId, String role, Instant now) {
        var member = new ChatMember();
        member.chatId = chatId;
        member.userId = userId;
        member.role = role;
        member.joinedAt = now;
        return member;
    }
}
