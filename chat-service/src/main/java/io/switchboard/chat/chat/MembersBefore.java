package io.switchboard.chat.chat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.ChatEventTypes;

/**
 * A chat's members at an earlier point of its log: the current members with the membership
 * events since that point undone, newest first.
 */
final class MembersBefore {

    private static final ChatEventCodec CODEC = new ChatEventCodec();

    private MembersBefore() {
    }

    /**
     * The members after every event of the chat before {@code seq}; empty if there is no such chat.
     * The chat, its current members and its membership events from {@code seq} on are read by one
     * statement, so they come from one snapshot: a membership change committing meanwhile is in
     * all of them or in none.
     */
    static Optional<List<UUID>> read(Connection connection, UUID chatId, long seq) throws SQLException {
        boolean exists = false;
        var current = new ArrayList<UUID>();
        var newestFirst = new ArrayList<ChatEventData>();
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
                        case 1 -> current.add(rows.getObject(3, UUID.class));
                        default -> newestFirst.add(CODEC.decode(rows.getString(5)).data());
                    }
                }
            }
        }
        return exists ? Optional.of(undo(current, newestFirst)) : Optional.empty();
    }

    /**
     * The members before the given events, from the members after them. Those still in the chat
     * keep their order (joining order); those who left since come after them.
     */
    static List<UUID> undo(List<UUID> current, List<ChatEventData> newestFirst) {
        var members = new LinkedHashSet<>(current);
        for (var data : newestFirst) {
            switch (data) {
                case ChatEventData.MemberAdded added -> members.remove(added.userId());
                case ChatEventData.MemberRemoved removed -> members.add(removed.userId());
                case ChatEventData.ChatCreated ignored -> {
                    return List.of(); // the chat did not exist yet
                }
                default -> {
                    // changes no members
                }
            }
        }
        return List.copyOf(members);
    }
}
