package io.switchboard.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.contracts.block.BlockChange;
import io.switchboard.contracts.chat.AttachmentView;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.notification.NotificationView;
import io.switchboard.contracts.push.UserEvent;
import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.contracts.security.SessionRevocation;

/**
 * The records the contracts' codecs read and write with Jackson outside Quarkus' REST layer
 * (which registers its own): registered for reflection, with their nested records, so that a
 * native image can (de)serialize them. A test keeps this list complete; it counts every record.
 */
@RegisterForReflection(ignoreNested = false, targets = {
        ChatEvent.class, ChatEventData.class, MessageView.class, AttachmentView.class,
        UserEvent.class, NotificationView.class,
        ClientMessage.class, ServerEvent.class,
        Problem.class, ServiceInfo.class, SessionRevocation.class, BlockChange.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
