package io.switchboard.notification.channel;

import java.util.UUID;

import io.switchboard.contracts.notification.NotificationView;

/**
 * A way to reach a user outside the app (e-mail today; web push or mobile push can be added as
 * further implementations). Called for users who are not online, after the notification is
 * stored; a failure is logged and counted, never retried into a second copy.
 */
public interface NotificationChannel {

    /** The channel's name in logs and metrics. */
    String name();

    boolean enabled();

    void deliver(UUID userId, NotificationView notification) throws Exception;
}
