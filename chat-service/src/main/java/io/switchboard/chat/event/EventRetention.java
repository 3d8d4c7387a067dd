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

    private final ChatConfig.Events config;

    public EventRetention(ChatConfig config) {
        this.config = config.events();
    }

    @Scheduled(every = "${chat.events.purge-interval}", delayed = "1m")
    @Transactional
    void purge() {
        ChatEventRecord.delete("publishedAt is not null and createdAt < ?1", Instant.now().minus(config.retention()));
    }
}
