package io.switchboard.chat.search;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
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

    private static final String HEADLINE_OPTIONS =
            "StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"";

    /*
     * For a word in many messages: every message of the caller's chats (or the one asked for) is
     * read and matched, which costs the same whatever the word. Snippets are made for the page's
     * rows only.
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

    /**
     * The end of the statements that name the tsquery as a literal: the page's rows with their
     * snippets (parameters: the query, then the headline options).
     */
    private static final String SNIPPETS_OF_PAGE = """
            SELECT p.id, p.chat_id, p.rank,
                   ts_headline('russian', replace(replace(replace(p.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                               websearch_to_tsquery('russian', ?), ?)
              FROM page p
             ORDER BY p.rank DESC, p.id DESC""";

    /*
     * For a word in very many messages when the caller's chats hold very many: each chat's newest
     * matches only (walked backwards on (chat_id, seq), stopping at the cap), then ranked. The
     * tsquery is a literal of this statement, planned for its own words each time, so the
     * planner knows how common they are.
     */
    private static final String NEWEST_MATCHES_SQL = """
            WITH candidates AS (
              SELECT x.id, x.chat_id, x.content, ts_rank(x.search, websearch_to_tsquery('russian', ?)) AS rank
                FROM chat_members c,
                     LATERAL (SELECT m.id, m.chat_id, m.content, m.search FROM messages m
                               WHERE m.chat_id = c.chat_id AND m.deleted_at IS NULL
                                 AND m.search @@ websearch_to_tsquery('russian', ?)
                               ORDER BY m.seq DESC LIMIT ?) x
               WHERE c.user_id = ? AND (?::uuid IS NULL OR c.chat_id = ?::uuid)),
            page AS (
              SELECT * FROM candidates
               WHERE ?::real IS NULL OR (rank, id) < (?::real, ?::uuid)
               ORDER BY rank DESC, id DESC
               LIMIT ?)
            """ + SNIPPETS_OF_PAGE;

    /*
     * The same search as SQL for a word in few messages: the tsquery a literal of the statement and
     * the chats an array, both planned for their values each time, so PostgreSQL intersects the
     * GIN index's matches with the chats' messages (a BitmapAnd) and reads only the rows in both,
     * instead of every message of those chats.
     */
    private static final String PLANNED_SQL = """
            WITH page AS (
              SELECT m.id, m.chat_id, m.content, ts_rank(m.search, websearch_to_tsquery('russian', ?)) AS rank
                FROM messages m
               WHERE m.search @@ websearch_to_tsquery('russian', ?) AND m.deleted_at IS NULL
                 AND m.chat_id = ANY (?)
                 AND (?::real IS NULL
                      OR (?::real, ?::uuid) > (ts_rank(m.search, websearch_to_tsquery('russian', ?)), m.id))
               ORDER BY rank DESC, m.id DESC
               LIMIT ?)
            """ + SNIPPETS_OF_PAGE;

    /** Matches in all of PostgreSQL's messages above which a word counts as common (its estimate). */
    static final long COMMON_WORD_MATCHES = 20_000;
    /** Messages in the caller's chats above which a common word is looked for among the newest only. */
    static final long LARGE_READER_MESSAGES = 50_000;
    /** How many of the newest matches are ranked then, shared between the chats searched. */
    static final int NEWEST_MATCHES = 1_000;

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
        var scope = Scope.of(connection, reader, chatId);
        if (scope.chats().isEmpty()) {
            return List.of();
        }
        long matches = estimatedMatches(connection, query);
        if (scope.messages() > LARGE_READER_MESSAGES && matches > COMMON_WORD_MATCHES) {
            return newestMatches(connection, reader, query, chatId, cursor, limit,
                    Math.max(limit, NEWEST_MATCHES / scope.chats().size()));
        }
        if (matches <= scope.messages()) {
            // Found through the word's index entries: even where PostgreSQL reads every row they
            // name, that is no more rows than the scan below reads.
            return planned(connection, scope, query, cursor, limit);
        }
        try (var statement = connection.prepareStatement(SQL)) {
            new Params(statement).text(query).scope(reader, chatId).cursor(cursor).number(limit)
                    .text(HEADLINE_OPTIONS);
            return read(statement);
        }
    }

    private static List<Found> planned(Connection connection, Scope scope, String query, Cursor cursor, int limit)
            throws SQLException {
        try (var statement = connection.prepareStatement(PLANNED_SQL)) {
            plannedForItsWords(statement);
            var chats = connection.createArrayOf("uuid", scope.chats().toArray());
            new Params(statement).text(query).text(query).array(chats).cursor(cursor).text(query)
                    .number(limit).text(query).text(HEADLINE_OPTIONS);
            return read(statement);
        }
    }

    private static List<Found> newestMatches(Connection connection, UUID reader, String query, UUID chatId,
                                             Cursor cursor, int limit, int perChat) throws SQLException {
        try (var statement = connection.prepareStatement(NEWEST_MATCHES_SQL)) {
            plannedForItsWords(statement);
            new Params(statement).text(query).text(query).number(perChat).scope(reader, chatId).cursor(cursor)
                    .number(limit).text(query).text(HEADLINE_OPTIONS);
            return read(statement);
        }
    }

    /** Binds a statement's parameters in the order its SQL names them. */
    private static final class Params {
        private final PreparedStatement statement;
        private int next = 1;

        Params(PreparedStatement statement) {
            this.statement = statement;
        }

        Params text(String value) throws SQLException {
            statement.setString(next++, value);
            return this;
        }

        Params number(int value) throws SQLException {
            statement.setInt(next++, value);
            return this;
        }

        Params array(Array value) throws SQLException {
            statement.setArray(next++, value);
            return this;
        }

        /** The reader, then the one chat asked for (or null) twice. */
        Params scope(UUID reader, UUID chatId) throws SQLException {
            statement.setObject(next++, reader);
            statement.setObject(next++, chatId, Types.OTHER);
            statement.setObject(next++, chatId, Types.OTHER);
            return this;
        }

        /** The page's start, (rank, rank, id), all null on the first page. */
        Params cursor(Cursor cursor) throws SQLException {
            if (cursor == null) {
                statement.setNull(next++, Types.REAL);
                statement.setNull(next++, Types.REAL);
                statement.setNull(next++, Types.OTHER);
            } else {
                statement.setFloat(next++, cursor.rank());
                statement.setFloat(next++, cursor.rank());
                statement.setObject(next++, cursor.messageId());
            }
            return this;
        }
    }

    private static List<Found> read(PreparedStatement statement) throws SQLException {
        try (var rows = statement.executeQuery()) {
            var found = new ArrayList<Found>();
            while (rows.next()) {
                found.add(new Found(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getFloat(3),
                        rows.getString(4)));
            }
            return found;
        }
    }

    /** A statement planned for its parameters' values each time, never as a cached generic plan. */
    private static void plannedForItsWords(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }

    /** How many messages PostgreSQL expects the query to match in all chats (from its statistics). */
    private static long estimatedMatches(Connection connection, String query) throws SQLException {
        try (var statement = connection.prepareStatement(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM messages WHERE search @@ websearch_to_tsquery('russian', ?)")) {
            plannedForItsWords(statement);
            statement.setString(1, query);
            try (var rows = statement.executeQuery()) {
                rows.next();
                var plan = rows.getString(1);
                var at = plan.indexOf("\"Plan Rows\":");
                if (at < 0) {
                    return 0;
                }
                var digits = plan.substring(at + 12).trim();
                int end = 0;
                while (end < digits.length() && Character.isDigit(digits.charAt(end))) {
                    end++;
                }
                return end == 0 ? 0 : Long.parseLong(digits.substring(0, end));
            }
        }
    }

    /** The chats searched and how many messages they hold at most (the sum of their last seqs). */
    private record Scope(List<UUID> chats, long messages) {
        static Scope of(Connection connection, UUID reader, UUID chatId) throws SQLException {
            try (var statement = connection.prepareStatement("""
                    SELECT c.chat_id, ch.last_seq
                      FROM chat_members c JOIN chats ch ON ch.id = c.chat_id
                     WHERE c.user_id = ? AND (?::uuid IS NULL OR c.chat_id = ?::uuid)""")) {
                new Params(statement).scope(reader, chatId);
                try (var rows = statement.executeQuery()) {
                    var chats = new ArrayList<UUID>();
                    long messages = 0;
                    while (rows.next()) {
                        chats.add(rows.getObject(1, UUID.class));
                        messages += rows.getLong(2);
                    }
                    return new Scope(chats, messages);
                }
            }
        }
    }
}
