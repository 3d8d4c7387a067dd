package io.switchboard.contracts.chat;

/** Kafka topics. */
public final class Topics {

    /** Every chat event, keyed by chat id (so a chat's events keep their order in one partition). */
    public static final String CHAT_EVENTS = "switchboard.chat-events";

    private Topics() {
    }
}
