package io.switchboard.notification.offline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.notification.channel.Channels;
import io.switchboard.notification.notification.Notification;
import io.switchboard.notification.notification.Views;

/**
 * What each chat event means for offline notifications: a message notifies its offline
 * recipients (never its sender, never members who muted the chat); reading, deleting, editing
 * and leaving update or clear them. A batch is stored in one transaction.
 */
@ApplicationScoped
public class OfflineNotifier {

    private static final Logger LOG = Logger.getLogger(OfflineNotifier.class);

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
     * Stores these events in one transaction, then hands the notifications they created to the
     * channels. Throws if they could not be stored; nothing of them is then kept, and the caller
     * tries them again later (doing so twice changes nothing).
     */
    void apply(List<Addressed> events, Set<UUID> offline) {
        if (events.isEmpty()) {
            return;
        }
        announce(QuarkusTransaction.requiringNew().call(() -> applyAll(events, offline)));
    }

    private List<UUID> applyAll(List<Addressed> events, Set<UUID> offline) {
        var created = new ArrayList<UUID>();
        for (Addressed addressed : events) {
            var event = addressed.event();
            switch (event.data()) {
                case ChatEventData.MessageCreated message -> {
                    var users = toNotify(addressed).stream().filter(offline::contains).toList();
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
