package io.switchboard.chat.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.switchboard.chat.message.Message;
import io.switchboard.contracts.chat.MessageView;

/**
 * Reads chats as their members see them. A list costs four queries however many chats it holds:
 * the chats, their members, their last messages, and the caller's unread counts.
 */
@ApplicationScoped
public class ChatQueries {

    private final EntityManager em;

    public ChatQueries(EntityManager em) {
        this.em = em;
    }

    /** The user's chats, most recent activity first. */
    public List<ChatView> chatsOf(UUID userId, int limit) {
        var rows = em.createQuery("""
                        select c, m.lastReadSeq, m.muted from Chat c, ChatMember m
                        where m.chatId = c.id and m.userId = ?1
                        order by c.lastActivityAt desc, c.id""", Object[].class)
                .setParameter(1, userId)
                .setMaxResults(limit)
                .getResultList();
        return assemble(userId, rows);
    }

    /** The next page: the user's chats that come after {@code after} in the same order. */
    public List<ChatView> chatsOf(UUID userId, int limit, Chat after) {
        var rows = em.createQuery("""
                        select c, m.lastReadSeq, m.muted from Chat c, ChatMember m
                        where m.chatId = c.id and m.userId = ?1
                          and (c.lastActivityAt < ?2 or (c.lastActivityAt = ?2 and c.id > ?3))
                        order by c.lastActivityAt desc, c.id""", Object[].class)
                .setParameter(1, userId)
                .setParameter(2, after.lastActivityAt)
                .setParameter(3, after.id)
                .setMaxResults(limit)
                .getResultList();
        return assemble(userId, rows);
    }

    /** One chat as the member sees it; empty for anyone else. */
    public Optional<ChatView> chat(UUID chatId, UUID userId) {
        var rows = em.createQuery("""
                        select c, m.lastReadSeq, m.muted from Chat c, ChatMember m
                        where m.chatId = c.id and m.userId = ?1 and c.id = ?2""", Object[].class)
                .setParameter(1, userId)
                .setParameter(2, chatId)
                .getResultList();
        return assemble(userId, rows).stream().findFirst();
    }

    private List<ChatView> assemble(UUID userId, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        var chatIds = rows.stream().map(r -> ((Chat) r[0]).id).toList();
        var members = em.createQuery("from ChatMember where chatId in ?1 order by joinedAt, userId", ChatMember.class)
                .setParameter(1, chatIds).getResultList().stream()
                .collect(Collectors.groupingBy(m -> m.chatId));
        var lastMessages = em.createQuery("""
                        from Message m where m.chatId in ?1
                        and m.seq = (select max(m2.seq) from Message m2 where m2.chatId = m.chatId)""", Message.class)
                .setParameter(1, chatIds).getResultList().stream()
                .collect(Collectors.toMap(m -> m.chatId, Message::view));
        var unread = unreadCounts(userId, chatIds);
        return rows.stream().map(r -> {
            var chat = (Chat) r[0];
            return view(chat, members.getOrDefault(chat.id, List.of()), lastMessages.get(chat.id),
                    unread.getOrDefault(chat.id, 0L), (Long) r[1], (Boolean) r[2]);
        }).toList();
    }

    public long unreadCount(UUID userId, UUID chatId) {
        return unreadCounts(userId, List.of(chatId)).getOrDefault(chatId, 0L);
    }

    private Map<UUID, Long> unreadCounts(UUID userId, List<UUID> chatIds) {
        var counts = new HashMap<UUID, Long>();
        em.createQuery("""
                        select msg.chatId, count(msg) from Message msg, ChatMember mem
                        where mem.chatId = msg.chatId and mem.userId = ?1 and msg.chatId in ?2
                          and msg.seq > mem.lastReadSeq and msg.senderId <> ?1 and msg.deletedAt is null
                        group by msg.chatId""", Object[].class)
                .setParameter(1, userId).setParameter(2, chatIds)
                .getResultList()
                .forEach(r -> counts.put((UUID) r[0], (Long) r[1]));
        return counts;
    }

    private static ChatView view(Chat chat, List<ChatMember> members, MessageView last, long unread, long lastRead,
                                 boolean muted) {
        return new ChatView(chat.id, chat.type, chat.title, chat.ownerId,
                members.stream().map(ChatView.MemberView::of).toList(), last, unread, lastRead, muted, chat.lastSeq,
                chat.createdAt, chat.updatedAt, chat.lastActivityAt);
    }
}
