package io.switchboard.chat.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.postgresql.PGStatement;

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

    /**
     * The most matches ranked for one query. A word in a large share of a heavy user's messages
     * (hundreds of thousands) would otherwise have every one of them read and ranked; past this
     * many, the best are chosen among the first this many found, and paging ends there.
     */
    static final int MAX_CANDIDATES = 10_000;

    private static final String HEADLINE_OPTIONS =
            "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

    /*
     * The caller's chats (or the one asked for) bound the candidates first: the planner then
     * chooses between the GIN index (a rare word) and the messages of those chats (a common
     * one). At most MAX_CANDIDATES are ranked. Snippets are made for the page's rows only.
     * Optional parts are left out of the text rather than switched off with "? IS NULL OR",
     * and the statement is planned for its own values each time (never a generic plan): the
     * best plan depends on how common the word is.
     */
    private static final String SQL = """
            WITH q AS (SELECT websearch_to_tsquery('russian', ?) AS query),
            candidates AS (
              SELECT m.id, m.search
                FROM messages m, q
               WHERE m.search @@ q.query AND m.deleted_at IS NULL
                 AND m.chat_id IN (SELECT c.chat_id FROM chat_members c WHERE c.user_id = ? %s)
               LIMIT %d),
            page AS (
              SELECT m.id, ts_rank(m.search, q.query) AS rank
                FROM candidates m, q
               %s
               ORDER BY rank DESC, m.id DESC
               LIMIT ?)
            SELECT p.id, m.chat_id, p.rank,
                   ts_headline('russian', replace(replace(replace(m.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                               q.query, ?)
              FROM page p JOIN messages m ON m.id = p.id, q
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
        var sql = SQL.formatted(chatId == null ? "" : "AND c.chat_id = ?", MAX_CANDIDATES,
                cursor == null ? "" : "WHERE (ts_rank(m.search, q.query), m.id) < (?::real, ?)");
        try (var statement = connection.prepareStatement(sql)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0); // a custom plan every time
            int i = 1;
            statement.setString(i++, query);
            statement.setObject(i++, reader);
            if (chatId != null) {
                statement.setObject(i++, chatId);
            }
            if (cursor != null) {
                statement.setFloat(i++, cursor.rank());
                statement.setObject(i++, cursor.messageId());
            }
            statement.setInt(i++, limit);
            statement.setString(i, HEADLINE_OPTIONS);
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
