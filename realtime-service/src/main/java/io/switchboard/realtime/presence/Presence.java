package io.switchboard.realtime.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.switchboard.contracts.realtime.PresenceStatus;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.BlockLists;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.cluster.DeadInstanceUsers;
import io.switchboard.realtime.cluster.Directory;
import io.switchboard.realtime.cluster.DirectoryWrites;
import io.switchboard.realtime.cluster.PresenceLog;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.delivery.Fanout;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.LocalDelivery;
import io.switchboard.realtime.socket.Sessions;

/**
 * Who is online, over all of a user's sockets on every instance: online while any socket is
 * online, away while every open socket is away, offline when the last one closes anywhere (or
 * its instance dies). Each instance records its own sockets in the {@link Directory}; a change of
 * the cluster-wide status goes as {@code user_status} to the people who share a direct chat or a
 * group of at most {@code realtime.presence.group-limit} members with the user, on whatever
 * instance they are. A larger group's presence is asked for ({@code get_chat_status}): told on
 * every change, 1,000 members connecting would be a million frames. Two users kept apart by a
 * block are told nothing of each other: to each, the other is {@code offline} with no last seen.
 */
@ApplicationScoped
public class Presence {

    /** How a user kept apart by a block looks: offline, never seen. */
    public static final Directory.State HIDDEN = new Directory.State(PresenceStatus.OFFLINE, null);

    private static final Logger LOG = Logger.getLogger(Presence.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final Sessions sessions;
    private final ChatMembers members;
    private final BlockLists blocks;
    private final EventFrames frames;
    private final Fanout fanout;
    private final LocalDelivery local;
    private final Directory directory;
    private final DirectoryWrites writes;
    private final PresenceLog log;
    private final int groupLimit;

    public Presence(Sessions sessions, ChatMembers members, BlockLists blocks, EventFrames frames, Fanout fanout,
                    LocalDelivery local, Directory directory, DirectoryWrites writes, PresenceLog log,
                    RealtimeConfig config) {
        this.sessions = sessions;
        this.members = members;
        this.blocks = blocks;
        this.frames = frames;
        this.fanout = fanout;
        this.local = local;
        this.directory = directory;
        this.writes = writes;
        this.log = log;
        this.groupLimit = config.presence().groupLimit();
    }

    public Map<UUID, Directory.State> of(Collection<UUID> userIds) {
        return directory.states(userIds);
    }

    /** Each user's state as {@code viewer} (connected here) may see it: hidden for those kept apart from them. */
    public Map<UUID, Directory.State> seenBy(UUID viewer, Collection<UUID> userIds) {
        var states = new HashMap<>(directory.states(userIds));
        states.replaceAll((user, state) -> blocks.apart(viewer, user) ? HIDDEN : state);
        return states;
    }

    /** Whether each user was online at {@code at}, and how that changed up to {@code until} (if given). */
    public Map<UUID, PresenceLog.History> at(Collection<UUID> userIds, Instant at, Instant until) {
        return log.history(userIds, at, until);
    }

    /**
     * After a change to this instance's sockets of a user (opened, closed, status): records it in
     * the directory and announces the user's new status if the write changed it.
     */
    public void changed(UUID userId) {
        announceChange(userId, record(userId));
    }

    /**
     * Starts recording this instance's sockets of the user in the directory (it joins the next
     * batched write); {@link #announceChange} waits for it. A connect does other work meanwhile.
     */
    public CompletableFuture<Directory.Change> record(UUID userId) {
        int open = 0;
        int away = 0;
        for (ClientSession session : sessions.of(userId)) {
            open++;
            if (session.status().equals(PresenceStatus.AWAY)) {
                away++;
            }
        }
        return writes.update(userId, open, away);
    }

    /** Waits for a recording and tells the user's contacts their new status if it changed it. */
    public void announceChange(UUID userId, CompletableFuture<Directory.Change> recording) {
        Directory.Change change;
        try {
            change = recording.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Presence of %s not recorded: %s", userId, e.toString());
            return;
        }
        var after = change.after();
        if (!after.status().equals(change.before().status())) {
            var now = Instant.now();
            var event = new ServerEvent.UserStatus(userId, after.status(), after.lastSeen(), now);
            fanout.toUsers(contactsOf(userId), frames.frame(event, true, now));
        }
    }

    /** Tells the user's contacts the user's status as the directory has it (their chats became known late). */
    public void announce(UUID userId) {
        var state = directory.states(List.of(userId)).get(userId);
        if (state != null) {
            var now = Instant.now();
            var event = new ServerEvent.UserStatus(userId, state.status(), state.lastSeen(), now);
            fanout.toUsers(contactsOf(userId), frames.frame(event, true, now));
        }
    }

    /** Whom the user's (a user connected here) status changes are told to: not those kept apart from them. */
    private Set<UUID> contactsOf(UUID userId) {
        return blocks.removeApart(userId, members.contactsOf(userId, groupLimit));
    }

    /**
     * A block or unblock changed whether each of these users connected here (the keys) sees the
     * other (the values): each who shares a chat with the other is told the other's status as
     * they may now see it, {@code offline} with no last seen when kept apart.
     */
    public void apartChanged(Map<UUID, UUID> viewers) {
        viewers.forEach((viewer, other) -> {
            if (!members.sharesAChat(viewer, other)) {
                return;
            }
            var state = seenBy(viewer, List.of(other)).get(other);
            var now = Instant.now();
            var event = new ServerEvent.UserStatus(other, state.status(), state.lastSeen(), now);
            local.deliver(List.of(viewer), frames.frame(event, true, now), null, -1);
        });
    }

    /**
     * Users found offline because their instance died: each told to the users connected here who
     * share a direct chat or a small group with them.
     */
    void deadInstanceUsers(@Observes DeadInstanceUsers dead) {
        for (UUID user : dead.users()) {
            var watchers = members.localUsersSharingAChatWith(user, groupLimit);
            if (!watchers.isEmpty()) {
                wentOffline(user, dead.lastHeartbeat(), watchers);
            }
        }
    }

    private void wentOffline(UUID userId, Instant lastSeen, Collection<UUID> watchersHere) {
        var now = Instant.now();
        var event = new ServerEvent.UserStatus(userId, PresenceStatus.OFFLINE, lastSeen, now);
        var told = watchersHere.stream().filter(watcher -> !blocks.apart(watcher, userId)).toList();
        local.deliver(told, frames.frame(event, true, now), null, -1);
    }
}
