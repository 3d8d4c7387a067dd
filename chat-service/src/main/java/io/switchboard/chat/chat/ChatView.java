package io.switchboard.chat.chat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.switchboard.contracts.chat.MessageView;

/**
 * A chat as one of its members sees it. {@code unreadCount}, {@code lastReadSeq} and {@code muted}
 * are the caller's own; other members' mutes are not shown.
 */
public record ChatView(UUID id, String type, String title, UUID ownerId, List<MemberView> members,
                       MessageView lastMessage, long unreadCount, long lastReadSeq, boolean muted, long lastSeq,
                       Instant createdAt, Instant updatedAt, Instant lastActivityAt) {

    public record MemberView(UUID userId, String role, Instant joinedAt, long lastReadSeq) {
        static MemberView of(ChatMember m) {
            return new MemberView(m.userId, m.role, m.joinedAt, m.lastReadSeq);
        }
    }
}
