package io.switchboard.chat.pin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.event.EventLog;
import io.switchboard.chat.message.MessageDeletion;
import io.switchboard.chat.message.MessageService;
import io.switchboard.chat.message.MessageViews;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.platform.http.ApiException;

/**
 * Pinned messages: any member pins or unpins (in a group as in a direct chat). Pinning a pinned
 * message, or unpinning one that is not, changes nothing and logs nothing; every change is one
 * event in the chat's log. A deleted message loses its pin ({@link #unpinDeleted}).
 */
@ApplicationScoped
public class PinService {

    /** Pinned messages one chat may have. */
    public static final int MAX_PINS = 100;

    private final Memberships memberships;
    private final EventLog events;
    private final MessageViews views;
    private final EntityManager em;

    public PinService(Memberships memberships, EventLog events, MessageViews views, EntityManager em) {
        this.memberships = memberships;
        this.events = events;
        this.views = views;
        this.em = em;
    }

    @Transactional
    public void pin(UUID chatId, UUID messageId, UUID user) {
        memberships.require(chatId, user);
        var message = MessageService.lockLive(chatId, messageId, "A deleted message cannot be pinned.");
        var pinned = ((Number) em.createNativeQuery("SELECT count(*) FROM message_pins WHERE chat_id = ?1")
                .setParameter(1, chatId).getSingleResult()).intValue();
        if (pinned >= MAX_PINS) {
            throw new ApiException(409, ChatErrors.TOO_MANY_PINS, "A chat has at most " + MAX_PINS + " pinned messages.");
        }
        int inserted = em.createNativeQuery("""
                        INSERT INTO message_pins (chat_id, message_id, pinned_by, pinned_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, chatId).setParameter(2, messageId).setParameter(3, user).setParameter(4, Instant.now())
                .executeUpdate();
        if (inserted == 1) {
            events.record(chatId, user, new ChatEventData.MessagePinned(messageId, message.seq, user), false);
        }
    }

    @Transactional
    public void unpin(UUID chatId, UUID messageId, UUID user) {
        memberships.require(chatId, user);
        var message = MessageService.lockLive(chatId, messageId, "A deleted message is not pinned.");
        if (deletePin(chatId, messageId)) {
            events.record(chatId, user, new ChatEventData.MessageUnpinned(messageId, message.seq, user), false);
        }
    }

    /**
     * Takes a message's pin away as it is deleted, logging that as {@code message.unpinned} by
     * whoever deleted it; nothing when it was not pinned. In the deletion's transaction.
     */
    void unpinDeleted(@Observes MessageDeletion deletion) {
        if (deletePin(deletion.chatId(), deletion.messageId())) {
            events.record(deletion.chatId(), deletion.deletedBy(),
                    new ChatEventData.MessageUnpinned(deletion.messageId(), deletion.seq(), deletion.deletedBy()), false);
        }
    }

    /** The chat's pinned messages, the latest pinned first, as the caller sees them. */
    public List<PinView> pins(UUID chatId, UUID user) {
        memberships.require(chatId, user);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT message_id, pinned_by, pinned_at FROM message_pins WHERE chat_id = ?1
                        ORDER BY pinned_at DESC, message_id""")
                .setParameter(1, chatId).getResultList();
        var messages = views.byIds(rows.stream().map(row -> (UUID) row[0]).toList(), user);
        var pins = new ArrayList<PinView>();
        for (Object[] row : rows) {
            var message = messages.get((UUID) row[0]);
            if (message != null) {
                pins.add(new PinView(message, (UUID) row[1], (Instant) row[2]));
            }
        }
        return pins;
    }

    private boolean deletePin(UUID chatId, UUID messageId) {
        return em.createNativeQuery("DELETE FROM message_pins WHERE chat_id = ?1 AND message_id = ?2")
                .setParameter(1, chatId).setParameter(2, messageId).executeUpdate() == 1;
    }
}
