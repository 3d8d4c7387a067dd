package io.switchboard.chat.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.chat.block.Blocks;
import io.switchboard.chat.chat.Chat;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.config.ChatConfig;
import io.switchboard.chat.event.ChatEvents;
import io.switchboard.chat.event.EventLog;
import io.switchboard.chat.message.MemberCache.Members;
import io.switchboard.chat.message.PendingSend.ClientKey;
import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.platform.http.ApiException;

/**
 * Group commit for sends: messages sent at the same moment are stored in one transaction with a
 * fixed number of statements, whatever their number (a lock on every chat with its members'
 * version, the members of those whose version changed since they were last read, the messages
 * the sends with a client_message_id repeat, the messages they answer and the uploads they carry
 * ({@link SendExtras}), one seq advance per chat, one insert of all messages with their events,
 * one update giving the uploads their messages). Seqs are handed out in arrival order, so each chat's log stays
 * gapless and ordered. If a batch fails as a whole, each of its sends is retried alone, so one
 * bad send never fails another. Senders wait a bounded time in a bounded queue ({@link SendQueue}).
 */
@ApplicationScoped
public class SendBatcher {

    private static final Logger LOG = Logger.getLogger(SendBatcher.class);
    private static final int MAX_BATCH = 128;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MEMBER_CACHE_IDS = 200_000;

    private final SendQueue queue;
    private final EntityManager em;
    private final EventLog events;
    private final ChatEvents stored;
    /**
     * Members by chat, for the batcher's thread only: who may send, and who muted the chat (a
     * message's {@code muted_by}), without reading a 1,000-member group per message.
     */
    private final MemberCache memberCache = new MemberCache(MEMBER_CACHE_IDS);
    private volatile boolean running;
    private Thread worker;

    public SendBatcher(EntityManager em, EventLog events, ChatEvents stored, ChatConfig config) {
        this.em = em;
        this.events = events;
        this.stored = stored;
        this.queue = new SendQueue(config.send().queueSize(), config.send().timeout());
    }

    void start(@Observes StartupEvent event) {
        running = true;
        worker = Thread.ofPlatform().name("send-batcher").daemon().start(this::run);
    }

    /** Finishes the batch under way; sends still queued are refused with 503, never left hanging. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        worker.join(Duration.ofSeconds(10));
        var left = queue.drain();
        if (!left.isEmpty()) {
            LOG.warnf("refused %d queued sends: shutting down before a batch took them; nothing of them was stored",
                    left.size());
        }
        for (PendingSend send : left) {
            send.result().completeExceptionally(new ApiException(503, ErrorCodes.SHUTTING_DOWN,
                    "This instance is shutting down; send again."));
        }
    }

    /**
     * Stores the message with the next batch; a repeat of a stored client_message_id answers the
     * stored message. Waits at most {@code chat.send.timeout}: see {@link SendQueue}.
     */
    Sent send(PendingSend send) {
        return queue.submit(send);
    }

    private void run() {
        var batch = new ArrayList<PendingSend>(MAX_BATCH);
        while (running) {
            try {
                if (queue.take(batch, MAX_BATCH, POLL)) {
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

    private void process(List<PendingSend> batch) {
        Outcome outcome;
        try {
            outcome = QuarkusTransaction.requiringNew().call(() -> storeAll(batch));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().result().completeExceptionally(e);
                return;
            }
            LOG.debugf("a batch of %d sends failed (%s); retrying them one by one", batch.size(), e);
            for (PendingSend send : batch) {
                process(List.of(send));
            }
            return;
        }
        for (PendingSend send : batch) {
            var sent = outcome.stored().get(send);
            if (sent != null) {
                send.result().complete(sent);
            } else if (outcome.blocked().contains(send)) {
                send.result().completeExceptionally(Blocks.refusal());
            } else if (outcome.refused().containsKey(send)) {
                send.result().completeExceptionally(outcome.refused().get(send));
            } else {
                send.result().completeExceptionally(Memberships.notFound());
            }
        }
    }

    /**
     * What a batch came to: the stored sends (and repeats answered with their original), the
     * sends refused because the two members of their direct chat are blocked (either way round),
     * and those refused for what they carry (a reply to another chat's message, someone else's
     * upload); every other send's sender is not a member.
     */
    private record Outcome(Map<PendingSend, Sent> stored, Set<PendingSend> blocked,
                           Map<PendingSend, ApiException> refused) {
    }

    /** The locked chats' members, and which of them are direct chats. */
    private record Locked(Map<UUID, Members> members, Set<UUID> direct) {
    }

    /** Stores every send whose sender is a member, unless a block stands in its direct chat. */
    private Outcome storeAll(List<PendingSend> batch) {
        return em.unwrap(Session.class).doReturningWork(connection -> storeAll(connection, batch));
    }

    /**
     * Repeats of a client_message_id are looked up after the chats are locked: every message
     * insert takes its chat's lock first, so one stored by another batch or replica has committed
     * and is found (each statement sees what committed before it), and none can appear before
     * this batch commits. A repeat within the batch answers the first send's message.
     */
    private Outcome storeAll(Connection connection, List<PendingSend> batch) throws SQLException {
        var locked = lockAndReadMembers(connection, batch.stream().map(PendingSend::chatId).distinct().toArray(UUID[]::new));
        var members = locked.members();
        var memberSends = batch.stream()
                .filter(s -> members.getOrDefault(s.chatId(), Members.NONE).ids().contains(s.sender()))
                .toList();
        var blocked = blockedSends(connection, memberSends, locked);
        var accepted = memberSends.stream().filter(s -> !blocked.contains(s)).toList();
        var results = new IdentityHashMap<PendingSend, Sent>(); // each send is its own key
        var originals = SendStatements.originals(connection, accepted);
        var firstOf = new HashMap<ClientKey, PendingSend>();
        var fresh = new ArrayList<PendingSend>();
        var repeats = new ArrayList<PendingSend>();
        for (PendingSend send : accepted) {
            var key = send.clientKey();
            if (key != null && originals.containsKey(key)) {
                results.put(send, new Sent(originals.get(key), false));
            } else if (key != null && firstOf.putIfAbsent(key, send) != null) {
                repeats.add(send);
            } else {
                fresh.add(send);
            }
        }
        var checked = SendExtras.check(connection, fresh, members);
        var refused = checked.refused();
        var valid = fresh.stream().filter(s -> !refused.containsKey(s)).toList();
        if (!valid.isEmpty()) {
            store(connection, valid, members, checked.extras(), results);
        }
        for (PendingSend repeat : repeats) {
            var first = firstOf.get(repeat.clientKey());
            if (refused.containsKey(first)) {
                refused.put(repeat, refused.get(first));
            } else {
                results.put(repeat, new Sent(results.get(first).message(), false));
            }
        }
        return new Outcome(results, blocked, refused);
    }

    /**
     * The sends to direct chats whose two members are blocked, either way round: one query for
     * the batch, and none when it has no direct chat.
     */
    private static Set<PendingSend> blockedSends(Connection connection, List<PendingSend> sends, Locked locked)
            throws SQLException {
        var direct = sends.stream().filter(s -> locked.direct().contains(s.chatId())).toList();
        if (direct.isEmpty()) {
            return Set.of();
        }
        var senders = new UUID[direct.size()];
        var others = new UUID[direct.size()];
        for (int i = 0; i < direct.size(); i++) {
            var send = direct.get(i);
            senders[i] = send.sender();
            others[i] = locked.members().get(send.chatId()).ids().stream()
                    .filter(id -> !id.equals(send.sender())).findFirst().orElse(send.sender());
        }
        var blockedPairs = SendStatements.blockedPairs(connection, senders, others);
        if (blockedPairs.isEmpty()) {
            return Set.of();
        }
        var blocked = Collections.newSetFromMap(new IdentityHashMap<PendingSend, Boolean>());
        for (int i = 0; i < direct.size(); i++) {
            if (blockedPairs.contains(i)) {
                blocked.add(direct.get(i));
            }
        }
        return blocked;
    }

    /** Numbers the sends in arrival order and inserts them with their events. */
    private void store(Connection connection, List<PendingSend> sends, Map<UUID, Members> members,
                       Map<PendingSend, SendExtras.Extras> extras, Map<PendingSend, Sent> results) throws SQLException {
        var counts = new LinkedHashMap<UUID, Integer>();
        sends.forEach(s -> counts.merge(s.chatId(), 1, Integer::sum));
        var nextSeq = SendStatements.advance(connection, counts);
        var now = Instant.now();
        var rows = new ArrayList<ChatEvents.NewMessage>();
        var views = new ArrayList<MessageView>();
        for (PendingSend s : sends) {
            long seq = nextSeq.merge(s.chatId(), 1L, Long::sum) - 1;
            var extra = extras.get(s);
            var view = new MessageView(UUID.randomUUID(), s.chatId(), seq, s.sender(), s.content(), s.type(), now,
                    null, false, extra.replyTo(), extra.mentions(), extra.attachments(), List.of());
            views.add(view);
            var event = ChatEvent.of(s.chatId(), seq, s.sender(),
                    new ChatEventData.MessageCreated(view, members.get(s.chatId()).muted()), now);
            results.put(s, new Sent(view, true));
            rows.add(new ChatEvents.NewMessage(view, s.clientId(), event.id(), events.encode(event)));
        }
        stored.insertMessages(connection, rows);
        SendExtras.attach(connection, views);
        events.appendedInThisTransaction();
    }

    /**
     * Locks the chats (in id order, so two batches cannot deadlock), then takes each chat's members
     * from the cache when its members_version is the one they were read at, and reads the others in
     * one query. Under the chat's lock its members cannot change before this batch commits.
     * SQL: {@code FOR UPDATE} of every chat of the batch in one statement, on the batch's connection.
     */
    private Locked lockAndReadMembers(Connection connection, UUID[] chatIds) throws SQLException {
        var members = new HashMap<UUID, Members>();
        var direct = new HashSet<UUID>();
        var stale = new HashMap<UUID, Long>();
        try (var statement = connection.prepareStatement(
                "SELECT id, members_version, type FROM chats WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
            statement.setArray(1, connection.createArrayOf("uuid", chatIds));
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    var chat = result.getObject(1, UUID.class);
                    long version = result.getLong(2);
                    if (Chat.DIRECT.equals(result.getString(3))) {
                        direct.add(chat);
                    }
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
            var read = SendStatements.membersOf(connection, stale.keySet().toArray(UUID[]::new));
            read.forEach((chat, chatMembers) -> memberCache.put(chat, stale.get(chat), chatMembers));
            members.putAll(read);
        }
        return new Locked(members, direct);
    }
}
