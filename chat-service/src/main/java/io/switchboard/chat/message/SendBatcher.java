package io.switchboard.chat.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.event.EventLog;
import io.switchboard.chat.message.MemberCache.Members;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.concurrent.Batches;
import io.switchboard.contracts.http.ApiException;

/**
 * Group commit for sends: messages sent at the same moment are stored in one transaction with a
 * fixed number of statements, whatever their number (a lock on every chat with its members'
 * version, the members of those whose version changed since they were last read, one seq advance
 * per chat, one insert of all messages, one of all events). Seqs are handed out in
 * arrival order, so each chat's log stays gapless and ordered. If a batch fails as a whole (a
 * client_message_id stored concurrently by another replica, say), each of its sends is retried
 * alone, so one bad send never fails another.
 */
@ApplicationScoped
public class SendBatcher {

    private static final Logger LOG = Logger.getLogger(SendBatcher.class);
    private static final int MAX_BATCH = 128;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MEMBER_CACHE_IDS = 200_000;

    /** One send waiting for its batch. */
    record Request(UUID chatId, UUID sender, String content, String type, String clientId,
                   CompletableFuture<MessageView> result) {
    }

    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final EntityManager em;
    private final EventLog events;
    /** Members by chat, for the batcher's thread only: a 1,000-member group is not read per message. */
    private final MemberCache memberCache = new MemberCache(MEMBER_CACHE_IDS);
    private volatile boolean running;
    private Thread worker;

    public SendBatcher(EntityManager em, EventLog events) {
        this.em = em;
        this.events = events;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        worker = Thread.ofPlatform().name("send-batcher").daemon().start(this::run);
    }

    /** Finishes the batch under way; sends still queued are refused with 503, never left hanging. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        worker.join(Duration.ofSeconds(10));
        Request left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new ApiException(503, ErrorCodes.SHUTTING_DOWN,
                    "This instance is shutting down; send again."));
        }
    }

    /** Queues a send; the future completes once its batch committed (or failed). */
    CompletableFuture<MessageView> submit(UUID chatId, UUID sender, String content, String type, String clientId) {
        var request = new Request(chatId, sender, content, type, clientId, new CompletableFuture<>());
        queue.add(request);
        return request.result();
    }

    private void run() {
        var batch = new ArrayList<Request>(MAX_BATCH);
        while (running) {
            try {
                if (Batches.take(queue, batch, MAX_BATCH, POLL)) {
                    process(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) { // whatever happens, no sender is left waiting
                LOG.error("storing a batch of sends failed unexpectedly", t);
                batch.forEach(r -> r.result().completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
    }

    private void process(List<Request> batch) {
        Map<Request, MessageView> stored;
        try {
            stored = QuarkusTransaction.requiringNew().call(() -> storeAll(batch));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().result().completeExceptionally(e);
                return;
            }
            LOG.debugf("a batch of %d sends failed (%s); retrying them one by one", batch.size(), e);
            for (Request request : batch) {
                process(List.of(request));
            }
            return;
        }
        for (Request request : batch) {
            var view = stored.get(request);
            if (view != null) {
                request.result().complete(view);
            } else {
                request.result().completeExceptionally(Memberships.notFound());
            }
        }
    }

    /** Stores every send whose sender is a member; the others are left out (not found). */
    private Map<Request, MessageView> storeAll(List<Request> batch) {
        // plain JDBC on the transaction's connection: the hot path skips the ORM's per-query work
        return em.unwrap(Session.class).doReturningWork(connection -> storeAll(connection, batch));
    }

    private Map<Request, MessageView> storeAll(Connection connection, List<Request> batch) throws SQLException {
        var members = lockAndReadMembers(connection, batch.stream().map(Request::chatId).distinct().toArray(UUID[]::new));
        var accepted = batch.stream()
                .filter(r -> members.getOrDefault(r.chatId(), Members.NONE).ids().contains(r.sender()))
                .toList();
        if (accepted.isEmpty()) {
            return Map.of();
        }
        var counts = new LinkedHashMap<UUID, Integer>();
        accepted.forEach(r -> counts.merge(r.chatId(), 1, Integer::sum));
        var nextSeq = advance(connection, counts);
        var now = Instant.now();
        var stored = new IdentityHashMap<Request, MessageView>(); // each request is its own key
        var rows = new ArrayList<Row>();
        for (Request r : accepted) {
            long seq = nextSeq.merge(r.chatId(), 1L, Long::sum) - 1;
            var view = new MessageView(UUID.randomUUID(), r.chatId(), seq, r.sender(), r.content(), r.type(), now,
                    null, false);
            var chatMembers = members.get(r.chatId());
            var event = ChatEvent.of(r.chatId(), seq, r.sender(), chatMembers.ids(),
                    new ChatEventData.MessageCreated(view, chatMembers.muted()), now);
            stored.put(r, view);
            rows.add(new Row(view, r.clientId(), event.id(), events.encode(event)));
        }
        insert(connection, rows);
        events.wakeRelayAfterCommit();
        return stored;
    }

    /** A message to insert with its event. */
    private record Row(MessageView message, String clientId, UUID eventId, String envelope) {
    }

    /**
     * Locks the chats (in id order, so two batches cannot deadlock), then takes each chat's members
     * from the cache when its members_version is the one they were read at, and reads the others in
     * one query. Under the chat's lock its members cannot change before this batch commits.
     */
    private Map<UUID, Members> lockAndReadMembers(Connection connection, UUID[] chatIds) throws SQLException {
        var members = new HashMap<UUID, Members>();
        var stale = new HashMap<UUID, Long>();
        try (var statement = connection.prepareStatement(
                "SELECT id, members_version FROM chats WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
            statement.setArray(1, connection.createArrayOf("uuid", chatIds));
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    var chat = result.getObject(1, UUID.class);
                    long version = result.getLong(2);
                    var known = memberCache.get(chat, version);
                    if (known != null) {
                        members.put(chat, known);
                    } else {
                        stale.put(chat, version);
                    }
                }
            }
        }
        if (!stale.isEmpty()) {
            var read = membersOf(connection, stale.keySet().toArray(UUID[]::new));
            read.forEach((chat, chatMembers) -> memberCache.put(chat, stale.get(chat), chatMembers));
            members.putAll(read);
        }
        return members;
    }

    /** The members of every chat, in one query. */
    private static Map<UUID, Members> membersOf(Connection connection, UUID[] chatIds) throws SQLException {
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

    /** Advances each chat's last_seq by its count; the first new seq of each chat. */
    private static Map<UUID, Long> advance(Connection connection, Map<UUID, Integer> counts) throws SQLException {
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
    private static void insert(Connection connection, List<Row> rows) throws SQLException {
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
