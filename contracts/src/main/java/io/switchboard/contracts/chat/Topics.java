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

    private Topics() {
    }
}
