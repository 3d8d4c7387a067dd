package io.switchboard.notification.offline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.notification.channel.Channels;
import io.switchboard.notification.notification.Views;
import io.switchboard.notification.presence.OfflineTimes;

/**
 * What each chat event means for offline notifications: a message notifies its recipients who
 * were offline when it was sent (never its sender, never members who muted the chat), and each
 * member it mentions who was offline gets a {@code mention} of it (muted or not); reading,
 * deleting, editing and leaving update or clear them. A batch is stored in one transaction, with
 * a fixed number of statements per event whatever the number of recipients: only a user's first
 * missed message of a chat (since they last read it) writes a row of theirs.
 */
@ApplicationScoped
public class OfflineNotifier {

    private static final Logger LOG = Logger.getLogger(OfflineNotifier.class);
    /** A message no notification counts is kept this long: a batch stored meanwhile may still count it. */
    private static final int PRUNE_AFTER_MINUTES = 10;

    private final MissedMessages missed;
    private final Channels channels;
    private final Views views;

    public OfflineNotifier(MissedMessages missed, Channels channels, Views views) {
        this.missed = missed;
        this.channels = channels;
        this.views = views;
    }

    /** The recipients a message event would notify if they were offline. */
    static Set<UUID> toNotify(Addressed addressed) {
        var event = addressed.event();
        if (!(event.data() instanceof ChatEventData.MessageCreated created) || created.message().deleted()) {
            return Set.of(); // deleted before it was published: chat-service rewrote its creation
        }
        var users = new HashSet<>(addressed.recipients());
        users.remove(created.message().senderId());
        users.remove(event.actorId());
        created.mutedBy().forEach(users::remove);
        return users;
    }

    /**
     * The members a message event mentions who are to hear of it if they were offline: not its
     * sender, but members who muted the chat do.
     */
    static Set<UUID> mentioned(Addressed addressed) {
        var event = addressed.event();
        if (!(event.data() instanceof ChatEventData.MessageCreated created) || created.message().deleted()
                || created.message().mentions().isEmpty()) {
            return Set.of();
        }
        var users = new HashSet<>(created.message().mentions());
        users.retainAll(addressed.recipients());
        users.remove(created.message().senderId());
        return users;
    }

    /** The users who have an unread notification of each chat these events are in. */
    Map<UUID, Set<UUID>> open(List<Addressed> events) {
        var chats = events.stream().map(addressed -> addressed.event().chatId()).collect(Collectors.toSet());
        return QuarkusTransaction.requiringNew().call(() -> missed.open(chats));
    }

    /**
     * The users whose presence decides something: the recipients a message would notify who have
     * no unread notification of its chat yet (later messages only count in the one they have),
     * with the earliest and latest time they are asked at. Reads and removals in between make their
     * users candidates again, as they clear notifications.
     */
    static Candidates candidates(List<Addressed> events, Map<UUID, Set<UUID>> open) {
        var users = new HashSet<UUID>();
        Instant from = null;
        Instant until = null;
        var cleared = new HashMap<UUID, Set<UUID>>();
        for (Addressed addressed : events) {
            var event = addressed.event();
            if (event.data() instanceof ChatEventData.MessagesRead read) {
                cleared.computeIfAbsent(event.chatId(), chat -> new HashSet<>()).add(read.userId());
            } else if (event.data() instanceof ChatEventData.MemberRemoved removed) {
                cleared.computeIfAbsent(event.chatId(), chat -> new HashSet<>()).add(removed.userId());
            }
            var fresh = new HashSet<>(toNotify(addressed));
            var notified = open.getOrDefault(event.chatId(), Set.of());
            var again = cleared.getOrDefault(event.chatId(), Set.of());
            fresh.removeIf(user -> notified.contains(user) && !again.contains(user));
            fresh.addAll(mentioned(addressed));
            if (!fresh.isEmpty()) {
                users.addAll(fresh);
                from = from == null || event.time().isBefore(from) ? event.time() : from;
                until = until == null || event.time().isAfter(until) ? event.time() : until;
            }
        }
        return new Candidates(users, from, until);
    }

    /** Users to ask presence of, between two times (none: nothing to ask). */
    record Candidates(Set<UUID> users, Instant from, Instant until) {
    }

    /**
     * Stores these events in one transaction, then hands the notifications they created to the
     * channels. A message is stored once for its chat; a recipient offline when it was sent who
     * has no unread notification of the chat gets one, counting from it. Throws if they could not
     * be stored; nothing of them is then kept, and the caller tries them again later (doing so
     * twice changes nothing).
     */
    void apply(List<Addressed> events, Map<UUID, Set<UUID>> open, OfflineTimes offline) {
        if (events.isEmpty()) {
            return;
        }
        announce(QuarkusTransaction.requiringNew().call(() -> applyAll(events, open, offline)));
    }

    private List<UUID> applyAll(List<Addressed> events, Map<UUID, Set<UUID>> openBefore, OfflineTimes offline) {
        var open = new HashMap<UUID, Set<UUID>>();
        openBefore.forEach((chat, users) -> open.put(chat, new HashSet<>(users)));
        var created = new ArrayList<UUID>();
        for (Addressed addressed : events) {
            var event = addressed.event();
            var notified = open.computeIfAbsent(event.chatId(), chat -> new HashSet<>());
            switch (event.data()) {
                case ChatEventData.MessageCreated message -> {
                    if (message.message().deleted()) {
                        break;
                    }
                    missed.store(message.message(), message.mutedBy());
                    var users = toNotify(addressed).stream()
                            .filter(user -> !notified.contains(user) && offline.offlineAt(user, event.time()))
                            .toList();
                    for (var notification : missed.notify(message.message(), users)) {
                        created.add(notification.id());
                        // only those who got one: a user who read past this message (it came again)
                        // is notified by a later message of the same batch
                        notified.add(notification.userId());
                    }
                    created.addAll(missed.mention(message.message(), mentioned(addressed).stream()
                            .filter(user -> offline.offlineAt(user, event.time())).toList()));
                }
                case ChatEventData.MessagesRead read -> {
                    missed.read(read.userId(), event.chatId(), read.seq());
                    notified.remove(read.userId());
                }
                case ChatEventData.MessageUpdated updated -> missed.edited(updated.messageId(), updated.content());
                case ChatEventData.MessageDeleted deleted -> missed.deleted(event.chatId(), deleted.messageId());
                case ChatEventData.MemberRemoved removed -> {
                    missed.leftChat(removed.userId(), event.chatId());
                    notified.remove(removed.userId());
                }
                default -> {
                }
            }
        }
        return created;
    }

    /** Deletes the chats' messages that no unread notification counts (kept a while for batches under way). */
    void prune() {
        try {
            int deleted = QuarkusTransaction.requiringNew().call(() -> missed.prune(PRUNE_AFTER_MINUTES));
            LOG.debugf("Pruned %d messages no notification counts", deleted);
        } catch (RuntimeException e) {
            LOG.debugf("Could not prune messages (tried again later): %s", e.toString());
        }
    }

    /** New notifications go to the channels (e-mail), once they are stored; never fails the batch. */
    private void announce(List<UUID> created) {
        if (created.isEmpty()) {
            return;
        }
        try {
            for (var current : QuarkusTransaction.requiringNew().call(() -> views.current(created))) {
                channels.deliver(List.of(current.userId()), current.view());
            }
        } catch (RuntimeException e) {
            LOG.warnf("New notifications %s stored but not handed to the channels: %s", created, e.toString());
        }
    }
}
