package io.switchboard.chat.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.switchboard.chat.message.MemberCache.Members;
import io.switchboard.chat.message.PendingSend.ClientKey;
import io.switchboard.contracts.chat.MessageView;

/**
 * The statements of one batch of sends, each covering the whole batch whatever its size. Plain
 * JDBC on the transaction's connection: the hot path skips the ORM's per-query work.
 */
final class SendStatements {

    /** A message to insert with its event. */
    record Row(MessageView message, String clientId, UUID eventId, String envelope) {
    }

    private SendStatements() {
    }

    /** The members of every chat, in one query. */
    /** The indexes i at which senders[i] and others[i] have a block between them, either way round. */
    static Set<Integer> blockedPairs(Connection connection, UUID[] senders, UUID[] others) throws SQLException {
        var blocked = new HashSet<Integer>();
        try (var statement = connection.prepareStatement("""
                SELECT p.n FROM unnest(?::uuid[], ?::uuid[]) WITH ORDINALITY AS p(a, b, n)
                 WHERE EXISTS (SELECT 1 FROM user_blocks u
                                WHERE (u.blocker_id = p.a AND u.blocked_id = p.b)
                                   OR (u.blocker_id = p.b AND u.blocked_id = p.a))""")) {
            statement.setArray(1, connection.createArrayOf("uuid", senders));
            statement.setArray(2, connection.createArrayOf("uuid", others));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    blocked.add(rows.getInt(1) - 1);
                }
            }
        }
        return blocked;
    }

    static Map<UUID, Members> membersOf(Connection connection, UUID[] chatIds) throws SQLException {
        var members = new HashMap<UUID, Members>();
        try (var statement = connection.prepareStatement("""
                SELECT chat_id, user_id, muted FROM chat_members WHERE chat_id = ANY(?)
                ORDER BY chat_id, joined_at, user_id""")) {
            statement.setArray(1, connection.createArrayOf("uuid", chatIds));
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    var chat = members.computeIfAbsent(result.getObject(1, UUID.class),
                            k -> new Members(new ArrayList<>(), new ArrayList<>()));
                    var user = result.getObject(2, UUID.class);
                    chat.ids().add(user);
                    if (result.getBoolean(3)) {
                        chat.muted().add(user);
                    }
                }
            }
        }
        members.replaceAll((chat, m) -> new Members(List.copyOf(m.ids()), List.copyOf(m.muted())));
        return members;
    }

    /**
     * The stored messages these sends repeat (same chat, sender and client_message_id), as they
     * are now; no statement when no send has a client_message_id.
     */
    static Map<ClientKey, MessageView> originals(Connection connection, List<PendingSend> sends) throws SQLException {
        var keys = sends.stream().map(PendingSend::clientKey).filter(Objects::nonNull).distinct().toList();
        if (keys.isEmpty()) {
            return Map.of();
        }
        var found = new HashMap<ClientKey, MessageView>();
        try (var statement = connection.prepareStatement("""
                SELECT m.id, m.chat_id, m.seq, m.sender_id, m.content, m.message_type, m.created_at, m.edited_at,
                       m.deleted_at IS NOT NULL, m.client_message_id
                FROM unnest(?::uuid[], ?::uuid[], ?::text[]) AS k(chat_id, sender_id, client_message_id)
                JOIN messages m ON m.chat_id = k.chat_id AND m.sender_id = k.sender_id
                               AND m.client_message_id = k.client_message_id
                WHERE m.client_message_id IS NOT NULL -- the unique index's predicate: it is used""")) {
            statement.setArray(1, connection.createArrayOf("text",
                    keys.stream().map(k -> k.chatId().toString()).toArray()));
            statement.setArray(2, connection.createArrayOf("text",
                    keys.stream().map(k -> k.sender().toString()).toArray()));
            statement.setArray(3, connection.createArrayOf("text", keys.stream().map(ClientKey::clientId).toArray()));
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    boolean deleted = result.getBoolean(9);
                    var edited = result.getObject(8, OffsetDateTime.class);
                    var view = new MessageView(result.getObject(1, UUID.class), result.getObject(2, UUID.class),
                            result.getLong(3), result.getObject(4, UUID.class), deleted ? null : result.getString(5),
                            result.getString(6), result.getObject(7, OffsetDateTime.class).toInstant(),
                            edited == null ? null : edited.toInstant(), deleted);
                    found.put(new ClientKey(view.chatId(), view.senderId(), result.getString(10)), view);
                }
            }
        }
        return found;
    }

    /** Advances each chat's last_seq by its count; the first new seq of each chat. */
    static Map<UUID, Long> advance(Connection connection, Map<UUID, Integer> counts) throws SQLException {
        var first = new HashMap<UUID, Long>();
        try (var statement = connection.prepareStatement("""
                UPDATE chats SET last_seq = chats.last_seq + c.n, last_activity_at = now()
                FROM unnest(?::uuid[], ?::int[]) AS c(id, n)
                WHERE chats.id = c.id
                RETURNING chats.id, chats.last_seq - c.n + 1""")) {
            statement.setArray(1, connection.createArrayOf("uuid", counts.keySet().toArray()));
            statement.setArray(2, connection.createArrayOf("int4", counts.values().toArray()));
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    first.put(result.getObject(1, UUID.class), result.getLong(2));
                }
            }
        }
        return first;
    }

    /** All messages and their events, in one statement. */
    static void insert(Connection connection, List<Row> rows) throws SQLException {
        try (var statement = connection.prepareStatement("""
                WITH input AS (
                  SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::text[],
                                       ?::text[], ?::uuid[], ?::text[])
                    AS t(id, chat_id, seq, sender_id, content, message_type, client_message_id, created_at,
                         event_id, envelope)
                ), message AS (
                  INSERT INTO messages (id, chat_id, seq, sender_id, content, message_type, client_message_id, created_at)
                  SELECT id, chat_id, seq, sender_id, content, message_type, client_message_id, created_at::timestamptz
                  FROM input)
                INSERT INTO chat_events (id, chat_id, seq, type, created_at, envelope)
                SELECT event_id, chat_id, seq, 'message.created', created_at::timestamptz, envelope FROM input
                """)) {
            // typed arrays (text, int8) take pgjdbc's direct encoders; uuids go as text and are cast
            int n = rows.size();
            var text = new String[9][n];
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
}
