package io.switchboard.chat.event;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.chat.config.ChatConfig;

/**
 * Deletes published events older than the retention. A client whose gap reaches past what is
 * left gets resync_required and reloads the chat instead of resuming.
 */
@ApplicationScoped
public class EventRetention {

    private final ChatEvents stored;
    private final ChatConfig.Events config;

    public EventRetention(ChatEvents stored, ChatConfig config) {
        this.stored = stored;
        this.config = config.events();
    }

    @Scheduled(every = "${chat.events.purge-interval}", delayed = "1m")
    @Transactional
    void purge() {
        stored.deletePublishedBefore(Instant.now().minus(config.retention()));
    }
}
