package io.switchboard.chat.readstate;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.switchboard.chat.chat.ChatMember;
import io.switchboard.chat.chat.Memberships;
import io.switchboard.chat.event.EventLog;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.chat.message.Message;

/** Read positions: a member has read every message up to their last_read_seq. */
@ApplicationScoped
public class ReadService {

    private final Memberships memberships;
    private final EventLog events;

    public ReadService(Memberships memberships, EventLog events) {
        this.memberships = memberships;
        this.events = events;
    }

    /**
     * Moves the reader's position forward to {@code seq} (default: the latest message). It never
     * moves back; only a real move becomes a messages_read event.
     *
     * @return the reader's position afterwards
     */
    @Transactional
    public long markRead(UUID chatId, UUID reader, Long seq) {
        memberships.require(chatId, reader);
        var member = ChatMember.<ChatMember>find("chatId = ?1 and userId = ?2", chatId, reader)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        var latest = Message.<Message>find("chatId = ?1 order by seq desc", chatId).firstResultOptional()
                .map(m -> m.seq).orElse(0L);
        long target = seq == null ? latest : Math.min(seq, latest);
        if (target <= member.lastReadSeq) {
            return member.lastReadSeq;
        }
        member.lastReadSeq = target;
        events.record(chatId, reader, new ChatEventData.MessagesRead(reader, target), false);
        return target;
    }
}
