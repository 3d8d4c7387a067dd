package io.switchboard.chat.reaction;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.chat.ChatErrors;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.event.EventLog;
import io.switchboard.chat.message.MessageService;
import io.switchboard.chat.message.MessageViews;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.platform.http.ApiException;

/**
 * Members' reactions to messages. Adding one that is there, or removing one that is not, changes
 * nothing and logs nothing; every change is one event in the chat's log with the emoji's new
 * count. The message's row lock serialises the changes to one message, so counts are exact.
 */
@ApplicationScoped
public class ReactionService {

    /** Distinct emoji one message may carry. */
    public static final int MAX_DISTINCT = 20;

    private final Memberships memberships;
    private final EventLog events;
    private final MessageViews views;
    private final EntityManager em;

    public ReactionService(Memberships memberships, EventLog events, MessageViews views, EntityManager em) {
        this.memberships = memberships;
        this.events = events;
        this.views = views;
        this.em = em;
    }

    @Transactional
    public MessageView add(UUID chatId, UUID messageId, UUID user, String emoji) {
        requireValid(emoji);
        memberships.require(chatId, user);
        var message = MessageService.lockLive(chatId, messageId, "A deleted message takes no reactions.");
        var state = (Object[]) em.createNativeQuery("""
                        SELECT count(DISTINCT emoji), bool_or(emoji = ?2) FROM message_reactions WHERE message_id = ?1""")
                .setParameter(1, messageId).setParameter(2, emoji).getSingleResult();
        boolean knownEmoji = Boolean.TRUE.equals(state[1]);
        if (!knownEmoji && ((Number) state[0]).intValue() >= MAX_DISTINCT) {
            throw new ApiException(409, ChatErrors.TOO_MANY_REACTIONS,
                    "A message takes at most " + MAX_DISTINCT + " different reactions.");
        }
        int inserted = em.createNativeQuery("""
                        INSERT INTO message_reactions (message_id, emoji, user_id, created_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, messageId).setParameter(2, emoji).setParameter(3, user).setParameter(4, Instant.now())
                .executeUpdate();
        if (inserted == 1) {
            events.record(chatId, user,
                    new ChatEventData.ReactionAdded(messageId, message.seq, emoji, user, count(messageId, emoji)), false);
        }
        return views.one(chatId, messageId, user);
    }

    @Transactional
    public MessageView remove(UUID chatId, UUID messageId, UUID user, String emoji) {
        requireValid(emoji);
        memberships.require(chatId, user);
        var message = MessageService.lockLive(chatId, messageId, "A deleted message has no reactions.");
        int deleted = em.createNativeQuery(
                        "DELETE FROM message_reactions WHERE message_id = ?1 AND emoji = ?2 AND user_id = ?3")
                .setParameter(1, messageId).setParameter(2, emoji).setParameter(3, user).executeUpdate();
        if (deleted == 1) {
            events.record(chatId, user,
                    new ChatEventData.ReactionRemoved(messageId, message.seq, emoji, user, count(messageId, emoji)), false);
        }
        return views.one(chatId, messageId, user);
    }

    private int count(UUID messageId, String emoji) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM message_reactions WHERE message_id = ?1 AND emoji = ?2")
                .setParameter(1, messageId).setParameter(2, emoji).getSingleResult()).intValue();
    }

    private static void requireValid(String emoji) {
        if (!Emoji.isValid(emoji)) {
            throw ApiException.invalidField("emoji", "must be one emoji or a :shortcode: of at most 32 characters");
        }
    }
}
