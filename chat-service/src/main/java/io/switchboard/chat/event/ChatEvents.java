package io.switchboard.chat.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventTypes;
import io.switchboard.contracts.chat.MessageView;

/**
 * The {@code chat_events} table: every statement that reads or writes it is here, and nowhere
 * else. Envelopes go in and come out as the stored text; {@link EventLog} encodes and decodes.
 *
 * <p>The ORM where it says it plainly (Panache on {@link ChatEventRecord} for the single insert,
 * the envelope update and the retention delete; JPQL for the oldest seq); SQL where a statement
 * does what the ORM cannot, each such method saying why. Methods taking a {@link Connection} run
 * plain JDBC on the caller's transaction connection: they serve the send batcher and the outbox
 * relay, whose hot paths skip the ORM's per-query work.
 */
@ApplicationScoped
public class ChatEvents {

    /** A message to insert with its message.created event (see {@link #insertMessages}). */
    public record NewMessage(MessageView message, String clientId, UUID eventId, String envelope) {
    }

    /** A stored event: its row number and its envelope. */
    record Stored(long eventNo, String envelope) {
    }

    /**
     * A chat's current members (joining order) and the envelopes of its membership events from a
     * seq on, newest first: both read at one moment.
     */
    public record MembershipSince(List<UUID> members, List<String> changesNewestFirst) {
    }

    private final EntityManager em;

    public ChatEvents(EntityManager em) {
        this.em = em;
    }

    /** Stores one event, unpublished. */
    void insert(ChatEvent event, String envelope) {
        var row = new ChatEventRecord();
        row.id = event.id();
        row.chatId = event.chatId();
        row.seq = event.seq();
        row.type = event.type();
        row.createdAt = event.time();
        row.envelope = envelope;
        row.persist();
    }

    /**
     * Stores the messages and their message.created events, unpublished.
     * SQL: one statement, one round trip, for the whole batch and both tables.
     */
    public void insertMessages(Connection connection, List<NewMessage> rows) throws SQLException {
        try (var statement = connection.prepareStatement("""
                WITH input AS (
                  SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::text[],
                                       ?::text[], ?::uuid[], ?::text[], ?::uuid[], ?::text[])
                    AS t(id, chat_id, seq, sender_id, content, message_type, client_message_id, created_at,
                         event_id, envelope, reply_to, mentions)
                ), message AS (
                  INSERT INTO messages (id, chat_id, seq, sender_id, content, message_type, client_message_id, created_at,
                                        reply_to, mentions)
                  SELECT id, chat_id, seq, sender_id, content, message_type, client_message_id, created_at::timestamptz,
                         reply_to, coalesce(string_to_array(mentions, ',')::uuid[], '{}')
                  FROM input)
                INSERT INTO chat_events (id, chat_id, seq, type, created_at, envelope)
                SELECT event_id, chat_id, seq, 'message.created', created_at::timestamptz, envelope FROM input
                """)) {
            // typed arrays (text, int8) take pgjdbc's direct encoders; uuids go as text and are cast, and
            // each message's mentions as one comma-separated text (unnest would flatten an array of arrays)
            int n = rows.size();
            var text = new String[11][n];
            var seqs = new Long[n];
            for (int i = 0; i < n; i++) {
                var row = rows.get(i);
                var view = row.message();
                text[0][i] = view.id().toString();
                text[1][i] = view.chatId().toString();
                seqs[i] = view.seq();
                text[2][i] = view.senderId().toString();
                text[3][i] = view.content();
                text[4][i] = view.messageType();
                text[5][i] = row.clientId();
                text[6][i] = view.createdAt().toString();
                text[7][i] = row.eventId().toString();
                text[8][i] = row.envelope();
                text[9][i] = view.replyTo() == null ? null : view.replyTo().id().toString();
                text[10][i] = view.mentions().isEmpty() ? null
                        : String.join(",", view.mentions().stream().map(UUID::toString).toList());
            }
            statement.setArray(1, connection.createArrayOf("text", text[0]));
            statement.setArray(2, connection.createArrayOf("text", text[1]));
            statement.setArray(3, connection.createArrayOf("int8", seqs));
            for (int c = 2; c < text.length; c++) {
                statement.setArray(c + 2, connection.createArrayOf("text", text[c]));
            }
            statement.executeUpdate();
        }
    }

    /**
     * A message's creation event (at its seq) and its edits' events, in seq order.
     * SQL: the edits are matched inside the envelope ({@code jsonb #>>}), which JPQL cannot express.
     */
    List<Stored> ofMessage(MessageView message) {
        // a plain text match first (cheap), then the parsed id
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT event_no, envelope FROM chat_events
                WHERE chat_id = ?1 AND ((seq = ?2 AND type = ?3)
                   OR (seq > ?2 AND type = ?4 AND envelope LIKE ?5 AND envelope::jsonb #>> '{data,message_id}' = ?6))
                ORDER BY seq
                """).setParameter(1, message.chatId()).setParameter(2, message.seq())
                .setParameter(3, ChatEventTypes.MESSAGE_CREATED).setParameter(4, ChatEventTypes.MESSAGE_UPDATED)
                .setParameter(5, "%" + message.id() + "%").setParameter(6, message.id().toString())
                .getResultList();
        return rows.stream().map(row -> new Stored(((Number) row[0]).longValue(), (String) row[1])).toList();
    }

    /**
     * Replaces a stored event's envelope, and nothing else of its row: the outbox relay may be
     * marking the same row published meanwhile.
     */
    void replaceEnvelope(long eventNo, String envelope) {
        ChatEventRecord.update("envelope = ?1 where eventNo = ?2", envelope, eventNo);
    }

    /**
     * The envelopes of a chat's events after {@code afterSeq}, in order: at most {@code limit},
     * and no more of them than fit in {@code maxBytes} (but always the first).
     * SQL: a window sum of the sizes, so only what fits leaves the database.
     */
    List<String> page(UUID chatId, long afterSeq, int limit, int maxBytes) {
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
        return envelopes;
    }

    /** The lowest seq still stored for a chat, if any. */
    OptionalLong oldestSeq(UUID chatId) {
        var oldest = em.createQuery("select min(seq) from ChatEventRecord where chatId = ?1", Long.class)
                .setParameter(1, chatId).getSingleResult();
        return oldest == null ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    /**
     * The oldest events Kafka has not acknowledged, in event_no order, at most {@code limit}.
     * SQL: plain JDBC on the relay's connection, in the transaction that holds its advisory lock.
     */
    public List<Unpublished> unpublished(Connection connection, int limit) throws SQLException {
        var rows = new ArrayList<Unpublished>();
        try (var select = connection.prepareStatement("""
                SELECT event_no, chat_id, envelope, created_at FROM chat_events
                WHERE published_at IS NULL ORDER BY event_no LIMIT ?""")) {
            select.setInt(1, limit);
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Unpublished(result.getLong(1), result.getString(2), result.getString(3),
                            result.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return rows;
    }

    /**
     * Marks the events Kafka acknowledged published; no statement for none.
     * SQL: one {@code ANY(array)} update for the whole acknowledged prefix.
     */
    public void markPublished(Connection connection, List<Long> eventNos) throws SQLException {
        if (eventNos.isEmpty()) {
            return;
        }
        try (var update = connection.prepareStatement(
                "UPDATE chat_events SET published_at = now() WHERE event_no = ANY(?)")) {
            update.setArray(1, connection.createArrayOf("int8", eventNos.toArray()));
            update.executeUpdate();
        }
    }

    /** Deletes the published events created before {@code cutoff}; how many. */
    long deletePublishedBefore(Instant cutoff) {
        return ChatEventRecord.delete("publishedAt is not null and createdAt < ?1", cutoff);
    }

    /**
     * The chat's current members and its chat.created, member_added and member_removed events from
     * {@code seq} on; empty if there is no such chat.
     * SQL: one UNION over chats, chat_members and chat_events, so all three come from one snapshot
     * (a membership change committing meanwhile is in all of them or in none).
     */
    public Optional<MembershipSince> membershipSince(UUID chatId, long seq) {
        return em.unwrap(Session.class).doReturningWork(connection -> membershipSince(connection, chatId, seq));
    }

    private static Optional<MembershipSince> membershipSince(Connection connection, UUID chatId, long seq)
            throws SQLException {
        boolean exists = false;
        var members = new ArrayList<UUID>();
        var newestFirst = new ArrayList<String>();
        try (var statement = connection.prepareStatement("""
                SELECT 0 AS part, NULL::timestamptz AS joined_at, NULL::uuid AS user_id, NULL::bigint AS seq,
                       NULL::text AS envelope
                  FROM chats WHERE id = ?
                UNION ALL
                SELECT 1, joined_at, user_id, NULL, NULL FROM chat_members WHERE chat_id = ?
                UNION ALL
                SELECT 2, NULL, NULL, seq, envelope FROM chat_events
                 WHERE chat_id = ? AND seq >= ? AND type IN (?, ?, ?)
                ORDER BY part, joined_at, user_id, seq DESC""")) {
            statement.setObject(1, chatId);
            statement.setObject(2, chatId);
            statement.setObject(3, chatId);
            statement.setLong(4, seq);
            statement.setString(5, ChatEventTypes.CHAT_CREATED);
            statement.setString(6, ChatEventTypes.MEMBER_ADDED);
            statement.setString(7, ChatEventTypes.MEMBER_REMOVED);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    switch (rows.getInt(1)) {
                        case 0 -> exists = true;
                        case 1 -> members.add(rows.getObject(3, UUID.class));
                        default -> newestFirst.add(rows.getString(5));
                    }
                }
            }
        }
        return exists ? Optional.of(new MembershipSince(List.copyOf(members), List.copyOf(newestFirst)))
                : Optional.empty();
    }
}
