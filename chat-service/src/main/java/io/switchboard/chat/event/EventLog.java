package io.switchboard.chat.event;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.ChatEventTypes;
import io.switchboard.contracts.chat.MessageView;

/**
 * The chat event log. Every change appends one event in the change's own transaction, with the
 * chat's next sequence number, and {@link EventsAppended} tells the outbox relay to publish it to
 * Kafka right after commit.
 */
@ApplicationScoped
public class EventLog {

    private static final Object WAKE_KEY = new Object();

    private final EntityManager em;
    private final TransactionSynchronizationRegistry transactions;
    private final Event<EventsAppended> appended;
    private final ChatEventCodec codec = new ChatEventCodec();

    public EventLog(EntityManager em, TransactionSynchronizationRegistry transactions, Event<EventsAppended> appended) {
        this.em = em;
        this.transactions = transactions;
        this.appended = appended;
    }

    /**
     * Takes the chat's next sequence number. The row lock this takes is held until commit, so
     * changes to one chat are serialised and their numbers have no gap and no repeat.
     *
     * @param activity whether the change counts as activity for ordering chat lists (a read does not)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long nextSeq(UUID chatId, boolean activity) {
        var sql = activity
                ? "UPDATE chats SET last_seq = last_seq + 1, last_activity_at = now() WHERE id = ?1 RETURNING last_seq"
                : "UPDATE chats SET last_seq = last_seq + 1 WHERE id = ?1 RETURNING last_seq";
        return ((Number) em.createNativeQuery(sql).setParameter(1, chatId).getSingleResult()).longValue();
    }

    /** The event in the wire format, as stored and published. */
    public String encode(ChatEvent event) {
        return codec.encodeToString(event);
    }

    /** Appends an event with a sequence number from {@link #nextSeq}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ChatEvent append(UUID chatId, long seq, UUID actorId, ChatEventData data) {
        var event = ChatEvent.of(chatId, seq, actorId, data, Instant.now());
        var row = new ChatEventRecord();
        row.id = event.id();
        row.chatId = chatId;
        row.seq = seq;
        row.type = event.type();
        row.createdAt = event.time();
        row.envelope = codec.encodeToString(event);
        row.persist();
        appendedInThisTransaction();
        return event;
    }

    /** Takes the next sequence number and appends the event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ChatEvent record(UUID chatId, UUID actorId, ChatEventData data, boolean activity) {
        return append(chatId, nextSeq(chatId, activity), actorId, data);
    }

    /**
     * Rewrites the log's earlier events of a message to what the message is now: its creation and
     * its earlier edits carry the current content (none once it is deleted). Replays and the events
     * API then never show text that was edited away or deleted. Call it before appending the
     * edit's or deletion's own event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rewriteMessage(MessageView current) {
        // The message's creation has its seq; its edits are found by a plain text match first
        // (cheap), then by the parsed id. Only the envelope is written: the outbox relay may be
        // marking the same rows published meanwhile.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT event_no, envelope FROM chat_events
                WHERE chat_id = ?1 AND ((seq = ?2 AND type = ?3)
                   OR (seq > ?2 AND type = ?4 AND envelope LIKE ?5 AND envelope::jsonb #>> '{data,message_id}' = ?6))
                ORDER BY seq
                """).setParameter(1, current.chatId()).setParameter(2, current.seq())
                .setParameter(3, ChatEventTypes.MESSAGE_CREATED).setParameter(4, ChatEventTypes.MESSAGE_UPDATED)
                .setParameter(5, "%" + current.id() + "%").setParameter(6, current.id().toString())
                .getResultList();
        for (var row : rows) {
            var event = codec.decode((String) row[1]);
            var rewritten = switch (event.data()) {
                case ChatEventData.MessageCreated created -> new ChatEventData.MessageCreated(current, created.mutedBy());
                case ChatEventData.MessageUpdated edit ->
                        new ChatEventData.MessageUpdated(edit.messageId(), current.content(), edit.editedAt());
                default -> event.data();
            };
            em.createNativeQuery("UPDATE chat_events SET envelope = ?1 WHERE event_no = ?2")
                    .setParameter(1, codec.encodeToString(event.withData(rewritten)))
                    .setParameter(2, ((Number) row[0]).longValue())
                    .executeUpdate();
        }
    }

    /**
     * Events of a chat after {@code afterSeq}, in order: at most {@code limit}, and no more of
     * them than fit in {@code maxBytes} of their stored text (but always the first).
     */
    public List<ChatEvent> after(UUID chatId, long afterSeq, int limit, int maxBytes) {
        // PostgreSQL sums the sizes, so only what fits leaves the database; the first event always does
        @SuppressWarnings("unchecked")
        List<String> envelopes = em.createNativeQuery("""
                SELECT envelope FROM (
                  SELECT envelope, seq, sum(octet_length(envelope)) OVER (ORDER BY seq) AS up_to
                    FROM chat_events WHERE chat_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3) page
                 WHERE up_to - octet_length(envelope) = 0 OR up_to <= ?4
                 ORDER BY seq""", String.class)
                .setParameter(1, chatId)
                .setParameter(2, afterSeq)
                .setParameter(3, limit)
                .setParameter(4, maxBytes)
                .getResultList();
        return envelopes.stream().map(codec::decode).toList();
    }

    /** The lowest sequence number still in the log for a chat, if any. */
    public OptionalLong oldestSeq(UUID chatId) {
        var oldest = (Number) em.createNativeQuery("SELECT min(seq) FROM chat_events WHERE chat_id = ?1")
                .setParameter(1, chatId).getSingleResult();
        return oldest == null ? OptionalLong.empty() : OptionalLong.of(oldest.longValue());
    }

    /** Fires {@link EventsAppended} for the current transaction, once however many events it appends. */
    public void appendedInThisTransaction() {
        if (transactions.getResource(WAKE_KEY) == null) {
            transactions.putResource(WAKE_KEY, Boolean.TRUE);
            appended.fire(EventsAppended.ONCE);
        }
    }
}
