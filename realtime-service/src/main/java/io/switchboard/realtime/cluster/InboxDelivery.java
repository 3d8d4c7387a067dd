package io.switchboard.realtime.cluster;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.realtime.chats.ChatMembers;
import io.switchboard.realtime.socket.Frame;
import io.switchboard.realtime.socket.LocalDelivery;

/** What arrives in this instance's inbox, written to its users' sockets. */
@ApplicationScoped
public class InboxDelivery {

    private final ChatMembers members;
    private final LocalDelivery local;
    private final ChatEventCodec codec = new ChatEventCodec();

    public InboxDelivery(ChatMembers members, LocalDelivery local) {
        this.members = members;
        this.local = local;
    }

    void deliver(InboxRecord record) {
        if (record.membership() != null) {
            members.apply(codec.decode(record.membership()), record.membershipRecipients());
        }
        var frame = Frame.of(record.frameType(), record.frame(), record.droppable(), record.eventTime());
        if (record.everyone()) {
            local.deliverToAll(frame);
        } else {
            local.deliver(record.users(), frame, record.chatId(), record.seq());
        }
    }
}
