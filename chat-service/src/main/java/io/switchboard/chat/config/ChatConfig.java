package io.switchboard.chat.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every chat-service setting; each is overridable by its environment variable (CHAT_...). */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    Message message();

    Group group();

    History history();

    Events events();

    Outbox outbox();

    /** Creates the demo direct chat of user1 and user2 at start-up (local profile only). */
    @WithDefault("false")
    boolean demoData();

    interface Message {
        /** Longest message content, in characters. */
        @WithDefault("4000")
        int maxLength();
    }

    interface Group {
        @WithDefault("1000")
        int maxMembers();
    }

    interface History {
        /** Largest page of history one request may ask for. */
        @WithDefault("200")
        int maxLimit();
    }

    interface Events {
        /** How long published events stay in the log for resume; older gaps need a resync. */
        @WithDefault("30D")
        Duration retention();

        /** How often events past their retention are deleted (scheduler syntax). */
        @WithDefault("1h")
        String purgeInterval();
    }

    interface Outbox {
        @WithDefault("12")
        int topicPartitions();

        @WithDefault("1")
        short topicReplication();

        /** Most events the relay publishes in one pass. */
        @WithDefault("500")
        int batchSize();

        /** How often the relay looks for unpublished events when nothing woke it. */
        @WithDefault("1S")
        Duration sweepInterval();
    }
}
