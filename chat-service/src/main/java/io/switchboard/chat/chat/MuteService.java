package io.switchboard.chat.chat;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Muting: a member's own setting, not an event. A muted member still gets the chat's events but is
 * named in each message.created's {@code muted_by}, so notifications skip them.
 */
@ApplicationScoped
public class MuteService {

    /** Sets the member's own mute; setting it to what it already is changes nothing. 404 for non-members. */
    @Transactional
    public void setMuted(UUID chatId, UUID userId, boolean muted) {
        int updated = ChatMember.update("muted = ?1 where chatId = ?2 and userId = ?3", muted, chatId, userId);
        if (updated == 0) {
            throw Memberships.notFound();
        }
    }
}
