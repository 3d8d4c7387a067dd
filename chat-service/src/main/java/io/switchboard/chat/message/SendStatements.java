package io.switchboard.chat.message;

import java.sql.Connection;
import java.sql.SQLException;
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
 * JDBC on the transaction's connection: the hot path skips the ORM's per-query work. The insert of
 * the messages with their events is {@link io.switchboard.chat.event.ChatEvents#insertMessages}.
 */
final class SendStatements {

    private SendStatements() {
    }

    /**
     * The indexes i at which senders[i] and others[i] have a block between them, either way round.
     * SQL: one statement for every pair of the batch, paired by {@code unnest} of two arrays.
     */
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

    /**
     * The members of every chat, in one query.
     * SQL: one {@code ANY(array)} query for all the chats, on the batch's connection.
     */
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
     * SQL: one join against {@code unnest} of the keys, which uses the partial unique index, then
     * the messages whole ({@link MessageViews#byIds(Connection, java.util.Collection)}).
     */
    static Map<ClientKey, MessageView> originals(Connection connection, List<PendingSend> sends) throws SQLException {
        var keys = sends.stream().map(PendingSend::clientKey).filter(Objects::nonNull).distinct().toList();
        if (keys.isEmpty()) {
            return Map.of();
        }
        var keyOf = new HashMap<UUID, ClientKey>();
        try (var statement = connection.prepareStatement("""
                SELECT m.id, m.chat_id, m.sender_id, m.client_message_id
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
                    keyOf.put(result.getObject(1, UUID.class), new ClientKey(result.getObject(2, UUID.class),
                            result.getObject(3, UUID.class), result.getString(4)));
                }
            }
        }
        if (keyOf.isEmpty()) {
            return Map.of();
        }
        var found = new HashMap<ClientKey, MessageView>();
        for (MessageView view : MessageViews.byIds(connection, keyOf.keySet())) {
            found.put(keyOf.get(view.id()), view);
        }
        return found;
    }

    /**
     * Advances each chat's last_seq by its count; the first new seq of each chat.
     * SQL: one {@code UPDATE ... FROM unnest ... RETURNING} for every chat of the batch.
     */
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
}
