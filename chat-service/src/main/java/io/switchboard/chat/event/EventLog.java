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
import io.switchboard.contracts.chat.MessageView;

/**
 * The chat event log. Every change appends one event in the change's own transaction, with the
 * chat's next sequence number, and {@link EventsAppended} tells the outbox relay to publish it to
 * Kafka right after commit. Events are stored in {@link ChatEvents}, which holds every statement
 * on their table; this class numbers, encodes and decodes them.
 */
@ApplicationScoped
public class EventLog {

    private static final Object WAKE_KEY = new Object();

    private final EntityManager em;
    private final ChatEvents stored;
    private final TransactionSynchronizationRegistry transactions;
    private final Event<EventsAppended> appended;
    private final ChatEventCodec codec = new ChatEventCodec();

    public EventLog(EntityManager em, ChatEvents stored, TransactionSynchronizationRegistry transactions,
                    Event<EventsAppended> appended) {
        this.em = em;
        this.stored = stored;
        this.transactions = transactions;
        this.appended = appended;
    }

    /**
     * Takes the chat's next sequence number. The row lock this takes is held until commit, so
     * changes to one chat are serialised and their numbers have no gap and no repeat.
     * SQL: {@code UPDATE ... RETURNING} takes the lock and the number in one round trip.
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
        stored.insert(event, codec.encodeToString(event));
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
        for (var row : stored.ofMessage(current)) {
            var event = codec.decode(row.envelope());
            var rewritten = switch (event.data()) {
                case ChatEventData.MessageCreated created -> new ChatEventData.MessageCreated(current, created.mutedBy());
                case ChatEventData.MessageUpdated edit ->
                        new ChatEventData.MessageUpdated(edit.messageId(), current.content(), edit.editedAt());
                default -> event.data();
            };
            stored.replaceEnvelope(row.eventNo(), codec.encodeToString(event.withData(rewritten)));
        }
    }

    /**
     * Events of a chat after {@code afterSeq}, in order: at most {@code limit}, and no more of
     * them than fit in {@code maxBytes} of their stored text (but always the first).
     */
    public List<ChatEvent> after(UUID chatId, long afterSeq, int limit, int maxBytes) {
        return stored.page(chatId, afterSeq, limit, maxBytes).stream().map(codec::decode).toList();
    }

    /** The lowest sequence number still in the log for a chat, if any. */
    public OptionalLong oldestSeq(UUID chatId) {
        return stored.oldestSeq(chatId);
    }

    /** Fires {@link EventsAppended} for the current transaction, once however many events it appends. */
    public void appendedInThisTransaction() {
        if (transactions.getResource(WAKE_KEY) == null) {
            transactions.putResource(WAKE_KEY, Boolean.TRUE);
            appended.fire(EventsAppended.ONCE);
        }
    }
}
