package io.switchboard.chat.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.quarkus.narayana.jta.QuarkusTransaction;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.contracts.WireJson;
import io.switchboard.contracts.chat.AttachmentView;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.chat.MessageView.ReactionCount;
import io.switchboard.contracts.chat.MessageView.ReplyPreview;

/**
 * Messages as a reader sees them, whole: content, the message each answers as it is now, its
 * mentions, its files, and its reactions counted per emoji with whether the reader is among them.
 * Each read is one query whatever the number of messages: the replied-to message is a join, the
 * reactions and files are aggregated beside each row. A deleted message shows none of them.
 */
@ApplicationScoped
public class MessageViews {

    private static final String SELECT = """
            SELECT m.id, m.chat_id, m.seq, m.sender_id, m.content, m.message_type, m.created_at, m.edited_at,
                   m.deleted_at IS NOT NULL, m.mentions,
                   r.id, r.seq, r.sender_id, r.content, r.deleted_at IS NOT NULL,
                   (SELECT json_agg(json_build_object('emoji', e.emoji, 'count', e.n, 'me', e.me) ORDER BY e.first, e.emoji)
                      FROM (SELECT emoji, count(*) AS n, bool_or(user_id = ?) AS me, min(created_at) AS first
                              FROM message_reactions WHERE message_id = m.id GROUP BY emoji) e),
                   (SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'content_type', a.content_type,
                                                      'size', a.size, 'sha256', a.sha256, 'width', a.width,
                                                      'height', a.height, 'thumbnail', a.thumbnail_key IS NOT NULL)
                                    ORDER BY a.position)
                      FROM attachments a WHERE a.message_id = m.id)
              FROM messages m LEFT JOIN messages r ON r.id = m.reply_to
            """;

    private static final TypeReference<List<ReactionCount>> REACTIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<AttachmentView>> ATTACHMENTS = new TypeReference<>() {
    };

    private static final ObjectMapper JSON = WireJson.mapper();

    private final EntityManager em;

    public MessageViews(EntityManager em) {
        this.em = em;
    }

    /** The messages with these ids that exist, by id, as {@code viewer} sees them. */
    public Map<UUID, MessageView> byIds(Collection<UUID> messageIds, UUID viewer) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        var found = read(SELECT + " WHERE m.id = ANY(?)", viewer,
                (connection, statement) -> statement.setArray(2, connection.createArrayOf("uuid", messageIds.toArray())));
        var byId = new LinkedHashMap<UUID, MessageView>();
        found.forEach(view -> byId.put(view.id(), view));
        return byId;
    }

    /** One message of a chat as {@code viewer} sees it, or null. */
    public MessageView one(UUID chatId, UUID messageId, UUID viewer) {
        var view = byIds(List.of(messageId), viewer).get(messageId);
        return view != null && view.chatId().equals(chatId) ? view : null;
    }

    /** Up to {@code limit} messages of a chat with lower < seq < upper, lowest seq first. */
    public List<MessageView> oldestBetween(UUID chatId, long lower, long upper, int limit, UUID viewer) {
        return read(SELECT + " WHERE m.chat_id = ? AND m.seq > ? AND m.seq < ? ORDER BY m.seq LIMIT ?", viewer,
                (connection, statement) -> {
                    statement.setObject(2, chatId);
                    statement.setLong(3, lower);
                    statement.setLong(4, upper);
                    statement.setInt(5, limit);
                });
    }

    /** Up to {@code limit} messages of a chat with seq < upper, highest seq first. */
    public List<MessageView> newestBelow(UUID chatId, long upper, int limit, UUID viewer) {
        return read(SELECT + " WHERE m.chat_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?", viewer,
                (connection, statement) -> {
                    statement.setObject(2, chatId);
                    statement.setLong(3, upper);
                    statement.setInt(4, limit);
                });
    }

    private interface Binder {
        /** Binds the parameters after the first (the viewer). */
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /**
     * The messages with these ids, on a connection the caller holds (the send batcher's); reactions
     * are counted without a reader ({@code me} false).
     */
    static List<MessageView> byIds(Connection connection, Collection<UUID> messageIds) throws SQLException {
        return read(connection, SELECT + " WHERE m.id = ANY(?)", null,
                (c, statement) -> statement.setArray(2, c.createArrayOf("uuid", messageIds.toArray())));
    }

    private List<MessageView> read(String sql, UUID viewer, Binder binder) {
        if (QuarkusTransaction.isActive()) {
            em.flush(); // changes this transaction made through the ORM are seen
        }
        return em.unwrap(Session.class).doReturningWork(connection -> read(connection, sql, viewer, binder));
    }

    private static List<MessageView> read(Connection connection, String sql, UUID viewer, Binder binder)
            throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            statement.setObject(1, viewer);
            binder.bind(connection, statement);
            try (var rows = statement.executeQuery()) {
                var views = new ArrayList<MessageView>();
                while (rows.next()) {
                    views.add(view(rows));
                }
                return views;
            }
        }
    }

    private static MessageView view(ResultSet row) throws SQLException {
        var id = row.getObject(1, UUID.class);
        var chatId = row.getObject(2, UUID.class);
        long seq = row.getLong(3);
        var sender = row.getObject(4, UUID.class);
        var type = row.getString(6);
        var createdAt = row.getObject(7, OffsetDateTime.class).toInstant();
        var editedAt = row.getObject(8, OffsetDateTime.class);
        boolean deleted = row.getBoolean(9);
        if (deleted) {
            return new MessageView(id, chatId, seq, sender, null, type, createdAt,
                    editedAt == null ? null : editedAt.toInstant(), true);
        }
        var mentions = row.getArray(10);
        var replyId = row.getObject(11, UUID.class);
        ReplyPreview reply = null;
        if (replyId != null) {
            boolean replyDeleted = row.getBoolean(15);
            reply = new ReplyPreview(replyId, row.getLong(12), row.getObject(13, UUID.class),
                    replyDeleted ? null : ReplyPreview.previewOf(row.getString(14)), replyDeleted);
        }
        return new MessageView(id, chatId, seq, sender, row.getString(5), type, createdAt,
                editedAt == null ? null : editedAt.toInstant(), false, reply,
                mentions == null ? List.of() : Arrays.asList((UUID[]) mentions.getArray()),
                parse(row.getString(17), ATTACHMENTS), parse(row.getString(16), REACTIONS));
    }

    private static <T> List<T> parse(String text, TypeReference<List<T>> type) {
        if (text == null) {
            return List.of();
        }
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
