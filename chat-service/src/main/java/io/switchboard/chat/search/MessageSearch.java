package io.switchboard.chat.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.message.MessageViews;

/**
 * Full-text search over the messages of the caller's chats ({@code messages.search}, see the
 * V7 migration). The query is read as a web search ({@code websearch_to_tsquery}: words, "quoted
 * phrases", {@code or}, {@code -word}) with the same configuration that built the vectors, so any
 * inflection of a word finds the others. Results are ranked with {@code ts_rank}; snippets are
 * cut from the HTML-escaped content, so the only markup they hold is the {@code <mark>} around
 * the matched words.
 */
@ApplicationScoped
public class MessageSearch {

    public static final int MAX_LIMIT = 50;

    private static final String HEADLINE_OPTIONS =
            "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

    /*
     * The caller's chats (or the one asked for) bound the candidates first: the planner then
     * chooses between the GIN index (a rare word) and the messages of those chats (a common
     * one). Snippets are made for the page's rows only.
     */
    private static final String SQL = """
            WITH q AS (SELECT websearch_to_tsquery('russian', ?) AS query),
            page AS (
              SELECT m.id, m.chat_id, m.content, ts_rank(m.search, q.query) AS rank
                FROM messages m, q
               WHERE m.search @@ q.query AND m.deleted_at IS NULL
                 AND m.chat_id IN (SELECT c.chat_id FROM chat_members c WHERE c.user_id = ?
                                     AND (?::uuid IS NULL OR c.chat_id = ?::uuid))
                 AND (?::real IS NULL OR (ts_rank(m.search, q.query), m.id) < (?::real, ?::uuid))
               ORDER BY rank DESC, m.id DESC
               LIMIT ?)
            SELECT p.id, p.chat_id, p.rank,
                   ts_headline('russian', replace(replace(replace(p.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                               q.query, ?)
              FROM page p, q
             ORDER BY p.rank DESC, p.id DESC""";

    private record Found(UUID id, UUID chatId, float rank, String snippet) {
    }

    private final Memberships memberships;
    private final MessageViews views;
    private final EntityManager em;

    public MessageSearch(Memberships memberships, MessageViews views, EntityManager em) {
        this.memberships = memberships;
        this.views = views;
        this.em = em;
    }

    /**
     * A page of the messages matching {@code query} in the reader's chats, or in {@code chatId}
     * (404 chat_not_found unless the reader is a member), after the hit {@code before} names.
     */
    public SearchPage search(UUID reader, String query, UUID chatId, int limit, String before) {
        if (chatId != null) {
            memberships.require(chatId, reader);
        }
        var cursor = before == null ? null : Cursor.decode(before);
        var found = em.unwrap(Session.class).doReturningWork(
                connection -> find(connection, reader, query, chatId, cursor, limit + 1));
        boolean more = found.size() > limit;
        var page = more ? found.subList(0, limit) : found;
        var messages = views.byIds(page.stream().map(Found::id).toList(), reader);
        var hits = new ArrayList<SearchHit>();
        for (Found hit : page) {
            var message = messages.get(hit.id());
            if (message != null) {
                hits.add(new SearchHit(hit.chatId(), message, hit.snippet(), hit.rank()));
            }
        }
        var last = page.isEmpty() ? null : page.getLast();
        return new SearchPage(hits, more ? new Cursor(last.rank(), last.id()).encode() : null);
    }

    private static List<Found> find(Connection connection, UUID reader, String query, UUID chatId, Cursor cursor,
                                    int limit) throws SQLException {
        try (var statement = connection.prepareStatement(SQL)) {
            statement.setString(1, query);
            statement.setObject(2, reader);
            statement.setObject(3, chatId, Types.OTHER);
            statement.setObject(4, chatId, Types.OTHER);
            if (cursor == null) {
                statement.setNull(5, Types.REAL);
                statement.setNull(6, Types.REAL);
                statement.setNull(7, Types.OTHER);
            } else {
                statement.setFloat(5, cursor.rank());
                statement.setFloat(6, cursor.rank());
                statement.setObject(7, cursor.messageId());
            }
            statement.setInt(8, limit);
            statement.setString(9, HEADLINE_OPTIONS);
            try (var rows = statement.executeQuery()) {
                var found = new ArrayList<Found>();
                while (rows.next()) {
                    found.add(new Found(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getFloat(3),
                            rows.getString(4)));
                }
                return found;
            }
        }
    }
}
