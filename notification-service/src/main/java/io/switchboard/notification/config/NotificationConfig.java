package io.switchboard.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings under {@code notifications.*}; each is listed in the service README. */
@ConfigMapping(prefix = "notifications")
public interface NotificationConfig {


    Push push();

    Notices notices();

    List list();

    Email email();

    Members members();


    interface Push {
        /** Largest {@code data} of a push API event, in bytes of JSON. */
        @WithDefault("65536")
        int maxDataSize();

        /** Most users one push API call may name. */
        @WithDefault("1000")
        int maxUsers();
    }

    interface Notices {
        /** Most users one notice may list (use {@code all} beyond that). */
        @WithDefault("10000")
        int maxUsers();
    }

    interface List {
        /** Largest {@code limit} of {@code GET /api/notifications}. */
        @WithDefault("200")
        int maxLimit();
    }

    interface Members {
        /**
         * Most member ids kept of the chats this service follows (a chat of 1,000 members holds
         * 1,000); beyond it the least recently used chats are dropped and read from chat-service
         * again when next needed.
         */
        @WithDefault("200000")
        int maxIds();
    }

    interface Email {
        /** Whether notifications for users who are not online also go out by e-mail. */
        @WithDefault("false")
        boolean enabled();
    }
}
