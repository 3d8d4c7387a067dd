package io.switchboard.notification.channel;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.contracts.notification.NotificationView;

/**
 * Hands new notifications to every enabled channel, off the caller's thread, at most
 * {@value #CONCURRENCY} deliveries at a time (a notice to thousands must not open thousands of
 * connections to auth-service and the mail relay at once).
 */
@ApplicationScoped
public class Channels {

    private static final Logger LOG = Logger.getLogger(Channels.class);

    private final Instance<NotificationChannel> channels;
    private final MeterRegistry registry;
    static final int CONCURRENCY = 16;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore permits = new Semaphore(CONCURRENCY);

    public Channels(Instance<NotificationChannel> channels, MeterRegistry registry) {
        this.channels = channels;
        this.registry = registry;
    }

    @PreDestroy
    void stop() {
        executor.close(); // lets deliveries under way finish
    }

    public void deliver(Collection<UUID> users, NotificationView notification) {
        for (NotificationChannel channel : channels) {
            if (!channel.enabled()) {
                continue;
            }
            for (UUID user : users) {
                executor.execute(() -> deliver(channel, user, notification));
            }
        }
    }

    private void deliver(NotificationChannel channel, UUID user, NotificationView notification) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            channel.deliver(user, notification);
            registry.counter("switchboard.notifications.channel.sent", "channel", channel.name()).increment();
        } catch (Exception e) {
            LOG.warnf("%s notification %s to %s failed: %s", channel.name(), notification.id(), user, e.toString());
            registry.counter("switchboard.notifications.channel.failed", "channel", channel.name()).increment();
        } finally {
            permits.release();
        }
    }
}
