package io.switchboard.chat.event;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One row of the chat event log; unpublished rows are the outbox. Only {@link ChatEvents} uses it. */
@Entity
@Table(name = "chat_events")
class ChatEventRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "event_no")
    public Long eventNo;

    @Column(nullable = false)
    public UUID id;

    @Column(name = "chat_id", nullable = false)
    public UUID chatId;

    @Column(nullable = false)
    public long seq;

    @Column(nullable = false, length = 40)
    public String type;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The whole event as published, in the contracts' wire format. */
    @Column(nullable = false, columnDefinition = "text")
    public String envelope;

    @Column(name = "published_at")
    public Instant publishedAt;
}
