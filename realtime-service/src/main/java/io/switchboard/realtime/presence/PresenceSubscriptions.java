package io.switchboard.realtime.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.Sessions;

/**
 * Presence asked for by the users a client is showing ({@code subscribe_presence}), for people
 * whose changes are not told as {@code user_status} (members of groups above the presence group
 * limit). Each socket names up to {@code realtime.presence.subscription-limit} users; once per
 * batch interval this instance reads the status of every user its sockets watch in one directory
 * query, and each socket gets one {@code presence} frame with those of its users whose status
 * changed. The cost is one query per interval for the instance and one frame per interval for a
 * socket whose users changed: it grows with what clients show, not with a group's size squared,
 * and a reconnect storm of a 1,000-member group costs each watcher one frame a second.
 *
 * <p>Reading the directory's state, rather than being told of each change, also covers changes
 * on every other instance and an instance that died, without a subscription shared between
 * instances. A change is seen within one interval; several changes within it coalesce into the
 * last. A user kept apart from the watcher by a block is {@code offline} with no last seen to
 * them, and their changes are not sent.
 */
@ApplicationScoped
public class PresenceSubscriptions {

    private static final Logger LOG = Logger.getLogger(PresenceSubscriptions.class);
    /** Users per directory query. */
    private static final int QUERY_CHUNK = 5_000;

    private final Sessions sessions;
    private final ChatMembers members;
    private final BlockLists blocks;
    private final Directory directory;
    private final EventFrames frames;
    private final int limit;
    /**
     * The status each watched user was last seen with, by the batches or by the answer to a
     * subscription: a batch sends the users whose status differs from it. Pruned to the users
     * still watched, under {@link #lock} together with the subscriptions that add to it.
     */
    private final Map<UUID, String> known = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    public PresenceSubscriptions(Sessions sessions, ChatMembers members, BlockLists blocks, Directory directory,
                                 EventFrames frames, RealtimeConfig config) {
        this.sessions = sessions;
        this.members = members;
        this.blocks = blocks;
        this.directory = directory;
        this.frames = frames;
        this.limit = config.presence().subscriptionLimit();
    }

    /**
     * Replaces the socket's subscription with these users and answers with the status of each.
     * Every user must share a chat with the socket's user, as this instance knows their chats.
     */
    public ServerEvent.PresenceBatch subscribe(ClientSession session, List<UUID> userIds) {
        var users = new LinkedHashSet<UUID>();
        for (UUID user : userIds) {
            if (user == null) {
                throw new ProtocolException(ProtocolErrors.INVALID_FIELD, "user_ids must not contain null.",
                        "subscribe_presence");
            }
            users.add(user);
        }
        if (users.size() > limit) {
            throw new ProtocolException(ProtocolErrors.INVALID_FIELD,
                    "user_ids may name at most " + limit + " users.", "subscribe_presence");
        }
        for (UUID user : users) {
            if (!members.sharesAChat(session.userId(), user)) {
                throw new ProtocolException(ProtocolErrors.INVALID_FIELD,
                        "user_ids: " + user + " shares no chat with you.", "subscribe_presence");
            }
        }
        var states = users.isEmpty() ? Map.<UUID, Directory.State>of() : directory.states(users);
        synchronized (lock) {
            session.watch(users);
            // A user watched already keeps the status the batches know: were it set from this
            // fresher read, the other watchers would miss the change in between.
            states.forEach((user, state) -> known.putIfAbsent(user, state.status()));
        }
        var answer = new ArrayList<ServerEvent.MemberPresence>(users.size());
        for (UUID user : users) {
            var state = blocks.apart(session.userId(), user) ? Presence.HIDDEN : states.get(user);
            answer.add(new ServerEvent.MemberPresence(user, state.status(), state.lastSeen()));
        }
        return new ServerEvent.PresenceBatch(answer, Instant.now());
    }

    /**
     * One round: every watched user's status read, each socket sent those of its users that
     * changed. Once per batch interval, on a virtual thread (the directory query blocks, never an
     * event loop); a round still running when the next is due makes it skip.
     */
    @Scheduled(identity = "presence-batches", every = "${realtime.presence.batch-interval}",
            delayed = "${realtime.presence.batch-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @RunOnVirtualThread
    void sendBatches() {
        try {
            var watchers = watchers();
            if (watchers.isEmpty()) {
                return;
            }
            var states = read(watchers.keySet());
            var batches = new HashMap<ClientSession, List<ServerEvent.MemberPresence>>();
            states.forEach((user, state) -> {
                var before = known.put(user, state.status());
                if (before == null || before.equals(state.status())) {
                    return;
                }
                var presence = new ServerEvent.MemberPresence(user, state.status(), state.lastSeen());
                for (ClientSession session : watchers.get(user)) {
                    // they may have parted since, or one blocked the other
                    if (members.sharesAChat(session.userId(), user) && !blocks.apart(session.userId(), user)) {
                        batches.computeIfAbsent(session, s -> new ArrayList<>()).add(presence);
                    }
                }
            });
            var now = Instant.now();
            batches.forEach((session, changes) ->
                    session.send(frames.frame(new ServerEvent.PresenceBatch(changes, now), true, now)));
        } catch (RuntimeException e) {
            LOG.warnf("Presence batch skipped: %s", e.toString());
        }
    }

    /** Who watches each user; the statuses of users nobody watches any more are forgotten. */
    private Map<UUID, List<ClientSession>> watchers() {
        var watchers = new HashMap<UUID, List<ClientSession>>();
        synchronized (lock) {
            for (ClientSession session : sessions.all()) {
                for (UUID user : session.watching()) {
                    watchers.computeIfAbsent(user, u -> new ArrayList<>(2)).add(session);
                }
            }
            known.keySet().retainAll(watchers.keySet());
        }
        return watchers;
    }

    private Map<UUID, Directory.State> read(Set<UUID> users) {
        if (users.size() <= QUERY_CHUNK) {
            return directory.states(users);
        }
        var states = new HashMap<UUID, Directory.State>();
        var chunk = new ArrayList<UUID>(QUERY_CHUNK);
        for (UUID user : users) {
            chunk.add(user);
            if (chunk.size() == QUERY_CHUNK) {
                states.putAll(directory.states(chunk));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            states.putAll(directory.states(chunk));
        }
        return states;
    }
}
