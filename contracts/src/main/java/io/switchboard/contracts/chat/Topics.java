package io.switchboard.contracts.chat;

/** Kafka topics. */
public final class Topics {

    /** Every chat event, keyed by chat id (so a chat's events keep their order in one partition). */
    public static final String CHAT_EVENTS = "switchboard.chat-events";

    /**
     * Frames for given users' sockets, not tied to a chat (notifications, push API events), keyed
     * by the first user id; see {@link io.switchboard.contracts.push.UserEvent}.
     */
    public static final String USER_EVENTS = "switchboard.user-events";

    /**
     * Sessions ended before their access tokens expire, keyed by user id; every service reads it
     * from a little further back than an access token lives; see
     * {@link io.switchboard.contracts.security.SessionRevocation}.
     */
    public static final String SESSION_REVOCATIONS = "switchboard.session-revocations";

    /**
     * Blocks and unblocks, keyed by the blocker, published by chat-service; every realtime-service
     * instance reads them all (no consumer group); see
     * {@link io.switchboard.contracts.block.BlockChange}.
     */
    public static final String USER_BLOCKS = "switchboard.user-blocks";

    private Topics() {
    }
}
