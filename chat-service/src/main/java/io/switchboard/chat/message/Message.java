package io.switchboard.chat.message;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.switchboard.contracts.chat.MessageView;

@Entity
@Table(name = "messages")
public class Message extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "chat_id", nullable = false)
    public UUID chatId;

    @Column(nullable = false)
    public long seq;

    @Column(name = "sender_id", nullable = false)
    public UUID senderId;

    @Column(columnDefinition = "text")
    public String content;

    @Column(name = "message_type", nullable = false, length = 32)
    public String messageType;

    @Column(name = "client_message_id", length = 100)
    public String clientMessageId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "edited_at")
    public Instant editedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The message without what hangs on it (reply, mentions, files, reactions): what a deleted one shows. */
    public MessageView view() {
        return new MessageView(id, chatId, seq, senderId, deletedAt == null ? content : null, messageType,
                createdAt, editedAt, deletedAt != null);
    }
}
