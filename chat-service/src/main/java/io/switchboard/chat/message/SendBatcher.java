package io.switchboard.chat.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.http.ApiException;

/**
 * Group commit for sends: messages sent at the same moment are stored in one transaction with a
 * fixed number of statements, whatever their number (the members of every chat and who muted it,
 * one seq advance per chat, one insert of all messages, one of all events). Seqs are handed out in
 * arrival order, so each chat's log stays gapless and ordered. If a batch fails as a whole (a
 * client_message_id stored concurrently by another replica, say), each of its sends is retried
 * alone, so one bad send never fails another.
 */
@ApplicationScoped
public class SendBatcher {

    private static final Logger LOG = Logger.getLogger(SendBatcher.class);
    private static final int MAX_BATCH = 128;

    /** One send waiting for its batch. */
    record Request(UUID chatId, UUID sender, String content, String type, String clientId,
                   CompletableFuture<MessageView> result) {
    }

    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final EntityManager em;
    private final EventLog events;
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
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                process(batch);
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
        var members = membersOf(batch.stream().map(Request::chatId).distinct().toList());
        var accepted = batch.stream()
                .filter(r -> members.getOrDefault(r.chatId(), Members.NONE).ids().contains(r.sender()))
                .toList();
        if (accepted.isEmpty()) {
            return Map.of();
        }
        var counts = new LinkedHashMap<UUID, Integer>();
        accepted.forEach(r -> counts.merge(r.chatId(), 1, Integer::sum));
        var nextSeq = advance(counts);
        var now = Instant.now();
        var stored = new HashMap<Request, MessageView>();
        var rows = new ArrayList<Object[]>();
        for (Request r : accepted) {
            long seq = nextSeq.merge(r.chatId(), 1L, Long::sum) - 1;
            var view = new MessageView(UUID.randomUUID(), r.chatId(), seq, r.sender(), r.content(), r.type(), now,
                    null, false);
            var chatMembers = members.get(r.chatId());
            var event = ChatEvent.of(r.chatId(), seq, r.sender(), chatMembers.ids(),
                    new ChatEventData.MessageCreated(view, chatMembers.muted()), now);
            stored.put(r, view);
            rows.add(new Object[] {view, r.clientId(), event, events.encode(event)});
        }
        insert(rows);
        events.wakeRelayAfterCommit();
        return stored;
    }

    /** A chat's members, and those of them who muted it (each in joining order). */
    private record Members(List<UUID> ids, List<UUID> muted) {
        static final Members NONE = new Members(List.of(), List.of());
    }

    /** The members of every chat, in one query. */
    private Map<UUID, Members> membersOf(List<UUID> chatIds) {
        var members = new HashMap<UUID, Members>();
        List<?> rows = em.createNativeQuery("""
                        SELECT chat_id, user_id, muted FROM chat_members WHERE chat_id = ANY(cast(?1 AS uuid[]))
                        ORDER BY chat_id, joined_at, user_id""")
                .setParameter(1, chatIds.stream().map(UUID::toString).toArray(String[]::new))
                .getResultList();
        for (Object row : rows) {
            var columns = (Object[]) row;
            var chat = members.computeIfAbsent((UUID) columns[0], k -> new Members(new ArrayList<>(), new ArrayList<>()));
            chat.ids().add((UUID) columns[1]);
            if ((Boolean) columns[2]) {
                chat.muted().add((UUID) columns[1]);
            }
        }
        return members;
    }

    /** Advances each chat's last_seq by its count; the first new seq of each chat. */
    private Map<UUID, Long> advance(Map<UUID, Integer> counts) {
        var ids = counts.keySet().stream().map(UUID::toString).toArray(String[]::new);
        var ns = counts.values().toArray(Integer[]::new);
        List<?> rows = em.createNativeQuery("""
                        UPDATE chats SET last_seq = chats.last_seq + c.n, last_activity_at = now()
                        FROM unnest(cast(?1 AS uuid[]), cast(?2 AS int[])) AS c(id, n)
                        WHERE chats.id = c.id
                        RETURNING chats.id, chats.last_seq - c.n + 1""")
                .setParameter(1, ids)
                .setParameter(2, ns)
                .getResultList();
        var first = new HashMap<UUID, Long>();
        for (Object row : rows) {
            var columns = (Object[]) row;
            first.put((UUID) columns[0], ((Number) columns[1]).longValue());
        }
        return first;
    }

    /** All messages and their events, in one statement. */
    private void insert(List<Object[]> rows) {
        em.unwrap(Session.class).doWork(connection -> {
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
                    SELECT event_id, chat_id, seq, 'message.created', created_at::timestamptz, envelope::jsonb FROM input
                    """)) {
                int n = rows.size();
                var columns = new Object[10][n];
                for (int i = 0; i < n; i++) {
                    var view = (MessageView) rows.get(i)[0];
                    columns[0][i] = view.id();
                    columns[1][i] = view.chatId();
                    columns[2][i] = view.seq();
                    columns[3][i] = view.senderId();
                    columns[4][i] = view.content();
                    columns[5][i] = view.messageType();
                    columns[6][i] = rows.get(i)[1];
                    columns[7][i] = view.createdAt().toString();
                    columns[8][i] = ((ChatEvent) rows.get(i)[2]).id();
                    columns[9][i] = rows.get(i)[3];
                }
                String[] types = {"uuid", "uuid", "bigint", "uuid", "text", "text", "text", "text", "uuid", "text"};
                for (int c = 0; c < columns.length; c++) {
                    statement.setArray(c + 1, array(connection, types[c], columns[c]));
                }
                statement.executeUpdate();
            }
        });
    }

    private static java.sql.Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}
