package io.switchboard.notification.channel;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.contracts.notification.NotificationView;

/** Hands new notifications to every enabled channel, off the caller's thread. */
@ApplicationScoped
public class Channels {

    private static final Logger LOG = Logger.getLogger(Channels.class);

    private final Instance<NotificationChannel> channels;
    private final MeterRegistry registry;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

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
            channel.deliver(user, notification);
            registry.counter("switchboard.notifications.channel.sent", "channel", channel.name()).increment();
        } catch (Exception e) {
            LOG.warnf("%s notification %s to %s failed: %s", channel.name(), notification.id(), user, e.toString());
            registry.counter("switchboard.notifications.channel.failed", "channel", channel.name()).increment();
        }
    }
}
