package io.switchboard.notification.offline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.notification.channel.Channels;
import io.switchboard.notification.notification.Notification;
import io.switchboard.notification.notification.Views;

/**
 * What each chat event means for offline notifications: a message notifies its offline
 * recipients (never its sender, never members who muted the chat); reading, deleting, editing
 * and leaving update or clear them. A batch is stored in one transaction; if it fails, its events
 * are retried one by one so one bad event cannot hold the others back.
 */
@ApplicationScoped
public class OfflineNotifier {

    private static final Logger LOG = Logger.getLogger(OfflineNotifier.class);

    static final int ATTEMPTS = 5;

    private final Map<UUID, Integer> failures = new ConcurrentHashMap<>();
    private final MissedMessages missed;
    private final Channels channels;
    private final Views views;

    public OfflineNotifier(MissedMessages missed, Channels channels, Views views) {
        this.missed = missed;
        this.channels = channels;
        this.views = views;
    }

    /** The recipients a message event would notify if they were offline. */
    static Set<UUID> toNotify(ChatEvent event) {
        if (!(event.data() instanceof ChatEventData.MessageCreated created) || created.message().deleted()) {
            return Set.of(); // deleted before it was published: chat-service rewrote its creation
        }
        var users = new HashSet<>(event.recipients());
        users.remove(created.message().senderId());
        users.remove(event.actorId());
        created.mutedBy().forEach(users::remove);
        return users;
    }

    /**
     * Stores a batch. Throws when nothing of it could be stored (the database is down, say): the
     * batch is then not committed and comes again. An event that fails on its own while others
     * succeed is skipped after {@value #ATTEMPTS} tries, so it cannot hold its partition forever.
     */
    void apply(List<ChatEvent> events, Set<UUID> offline) {
        try {
            announce(QuarkusTransaction.requiringNew().call(() -> applyAll(events, offline)));
            events.forEach(event -> failures.remove(event.id()));
            return;
        } catch (RuntimeException batchFailed) {
            if (events.size() == 1 && failures.merge(events.getFirst().id(), 1, Integer::sum) < ATTEMPTS) {
                throw batchFailed;
            }
            int stored = 0;
            for (ChatEvent event : events) {
                try {
                    announce(QuarkusTransaction.requiringNew().call(() -> applyAll(List.of(event), offline)));
                    failures.remove(event.id());
                    stored++;
                } catch (RuntimeException e) {
                    if (events.size() == 1) {
                        failures.remove(event.id());
                    }
                    LOG.errorf(e, "Could not apply chat event %s to notifications; skipped", event.id());
                }
            }
            if (stored == 0 && events.size() > 1) {
                throw batchFailed;
            }
        }
    }

    private List<UUID> applyAll(List<ChatEvent> events, Set<UUID> offline) {
        var created = new ArrayList<UUID>();
        for (ChatEvent event : events) {
            switch (event.data()) {
                case ChatEventData.MessageCreated message -> {
                    var users = toNotify(event).stream().filter(offline::contains).toList();
                    created.addAll(missed.add(message.message(), users));
                }
                case ChatEventData.MessagesRead read -> missed.read(read.userId(), event.chatId(), read.seq());
                case ChatEventData.MessageUpdated updated -> missed.edited(updated.messageId(), updated.content());
                case ChatEventData.MessageDeleted deleted -> missed.deleted(deleted.messageId());
                case ChatEventData.MemberRemoved removed -> missed.leftChat(removed.userId(), event.chatId());
                default -> {
                }
            }
        }
        return created;
    }

    /** New notifications go to the channels (e-mail), once they are stored; never fails the batch. */
    private void announce(List<UUID> created) {
        if (created.isEmpty()) {
            return;
        }
        try {
            var notifications = QuarkusTransaction.requiringNew().call(() ->
                    Notification.<Notification>list("id in ?1", created));
            for (Notification notification : notifications) {
                channels.deliver(List.of(notification.userId), views.of(notification, false));
            }
        } catch (RuntimeException e) {
            LOG.warnf("New notifications %s stored but not handed to the channels: %s", created, e.toString());
        }
    }
}
