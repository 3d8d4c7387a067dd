package io.switchboard.realtime.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every realtime-service setting; each is overridable by its environment variable (REALTIME_...). */
@ConfigMapping(prefix = "realtime")
public interface RealtimeConfig {

    Typing typing();

    Presence presence();

    Liveness liveness();

    RateLimit rateLimit();

    Frames frames();

    Limits limits();

    Outbound outbound();

    Events events();

    Cluster cluster();

    Drain drain();


    interface Drain {
        /** On SIGTERM, how long to wait for sockets to close after asking them to reconnect elsewhere. */
        @WithDefault("10S")
        Duration grace();
    }

    /** How instances find each other's users: a slot (inbox partition) each, and a directory. */
    interface Cluster {
        /** Partitions of the inbox topic: the most instances that can run at once. */
        @WithDefault("64")
        int inboxPartitions();

        /** Replication factor of the inbox topic, when an instance creates it; 3 in production. */
        @WithDefault("1")
        short inboxReplication();

        /**
         * How this instance writes inbox records: {@code binary}, or {@code json} while instances
         * of a version before the binary format still run (they read only JSON). Every instance
         * reads both.
         */
        @WithDefault("binary")
        InboxFormat inboxFormat();

        enum InboxFormat { BINARY, JSON }

        /** How often an instance proves it is alive. */
        @WithDefault("5S")
        Duration heartbeatInterval();

        /** An instance silent this long is dead: its users are offline, its slot free again. */
        @WithDefault("20S")
        Duration instanceTimeout();
    }

    interface Presence {
        /**
         * A user's status changes go as {@code user_status} to the members of their direct chats
         * and of groups of at most this many members; a larger group's presence is asked for
         * ({@code get_chat_status}), so that the cost of a connect does not grow with the square
         * of a group's size.
         */
        @WithDefault("50")
        int groupLimit();

        /** The most users one socket may subscribe to with {@code subscribe_presence}. */
        @WithDefault("500")
        int subscriptionLimit();

        /**
         * How often subscribed users' status changes are gathered and sent, one {@code presence}
         * frame per socket with every change since the last.
         */
        @WithDefault("1S")
        Duration batchInterval();
    }

    interface Typing {
        /** A typing indicator not refreshed for this long ends with {@code is_typing: false}. */
        @WithDefault("3S")
        Duration timeout();
    }

    interface Liveness {
        /** How often the server pings each socket. */
        @WithDefault("20S")
        Duration pingInterval();

        /** A socket that sends nothing (not even a pong) for this long is closed as dead. */
        @WithDefault("60S")
        Duration timeout();
    }

    interface RateLimit {
        /** Frames a socket may send per second, sustained. */
        @WithDefault("20")
        int perSecond();

        /** Frames a socket may send in a burst above the sustained rate. */
        @WithDefault("40")
        int burst();

        /** Frames refused in a row after which the socket is closed with 1008. */
        @WithDefault("100")
        int closeAfter();
    }

    interface Limits {
        /**
         * Sockets one user may hold open on one instance: each costs memory and a share of every
         * event's fan-out, and no person needs more (a new one past it is refused with 1008).
         */
        @WithDefault("10")
        int socketsPerUser();

        /**
         * Messages of one socket received and not yet handled (they are handled one at a time, and
         * wait behind a long {@code resume}): one more closes the socket with 1008.
         */
        @WithDefault("100")
        int inboundBacklog();
    }

    interface Frames {
        /** Largest text frame answered normally; a bigger one gets {@code frame_too_large}. */
        @WithDefault("65536")
        int maxSize();
    }

    interface Outbound {
        /** Unwritten bytes on a socket above which typing and presence updates are dropped. */
        @WithDefault("262144")
        long softLimit();

        /**
         * Unwritten bytes a frame may not take a socket past once it is over the soft limit: such a
         * socket is closed with 4002 (slow consumer).
         */
        @WithDefault("1048576")
        long hardLimit();
    }

    interface Events {
        /** Events replayed per request to chat-service during {@code resume}. */
        @WithDefault("500")
        int resumePageSize();

        /** Longest wait of one poll of the chat event stream. */
        @WithDefault("100")
        int pollTimeoutMillis();

        /**
         * How long a new socket holds live events back waiting for its first frame: when that is
         * {@code resume}, held events join the replay in order instead of overtaking it.
         */
        @WithDefault("1S")
        Duration resumeWindow();

        /**
         * How long a replay asks chat-service again for a page while it is unavailable, before
         * answering {@code upstream_unavailable} for that chat.
         */
        @WithDefault("30S")
        Duration resumeRetryFor();

        /**
         * How many member ids the router keeps to know whom each chat event is for (a 1,000-member
         * group holds 1,000); beyond it the least recently used chats are read again from
         * chat-service when their next event comes.
         */
        @WithDefault("200000")
        int membersMaxIds();
    }
}
