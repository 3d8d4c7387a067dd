package io.switchboard.notification.notice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.contracts.ErrorCodes;
import io.switchboard.platform.http.ApiException;
import io.switchboard.contracts.notification.NotificationView;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.notification.channel.Channels;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.notification.notification.Notification;
import io.switchboard.notification.notification.Views;
import io.switchboard.notification.presence.Presence;
import io.switchboard.notification.push.UserEvents;

/**
 * System notices (global notices, account warnings): stored first, then pushed live as
 * {@code notification} to whoever is online, and handed to the channels (e-mail) for listed users
 * who are not. A notice that is stored but could not be pushed is still listed at the next
 * {@code GET /api/notifications}.
 */
@ApplicationScoped
public class Notices {

    private static final Logger LOG = Logger.getLogger(Notices.class);

    private final Views views;
    private final UserEvents userEvents;
    private final Presence presence;
    private final Channels channels;
    private final NotificationConfig config;

    public Notices(Views views, UserEvents userEvents, Presence presence, Channels channels, NotificationConfig config) {
        this.views = views;
        this.userEvents = userEvents;
        this.presence = presence;
        this.channels = channels;
        this.config = config;
    }

    public List<NotificationView> send(NoticeRequest request) {
        var users = request.toEveryone() ? List.<UUID>of() : request.userIds().stream().distinct().toList();
        if (users.size() > config.notices().maxUsers()) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED,
                    "At most " + config.notices().maxUsers() + " user_ids per notice; use all: true beyond that.");
        }
        var now = Instant.now();
        var data = views.text(request.data());
        var stored = new ArrayList<Notification>();
        QuarkusTransaction.requiringNew().run(() -> {
            if (request.toEveryone()) {
                stored.add(Notification.notice(null, request.type(), request.title(), request.body(), data, now));
            } else {
                users.forEach(user -> stored.add(Notification.notice(user, request.type(), request.title(),
                        request.body(), data, now)));
            }
            Notification.persist(stored);
        });
        var shown = stored.stream().map(n -> views.of(n, false)).toList();
        push(stored, shown, now);
        if (!request.toEveryone()) {
            var offline = presence.offline(users);
            for (int i = 0; i < stored.size(); i++) {
                if (offline.contains(stored.get(i).userId)) {
                    channels.deliver(List.of(stored.get(i).userId), shown.get(i));
                }
            }
        }
        return shown;
    }

    private void push(List<Notification> stored, List<NotificationView> shown, Instant now) {
        try {
            if (stored.size() == 1 && stored.getFirst().userId == null) {
                userEvents.publish(List.of(), true, "notification",
                        userEvents.encode(new ServerEvent.Notification(shown.getFirst(), now)));
                return;
            }
            var frames = new LinkedHashMap<UUID, String>();
            for (int i = 0; i < stored.size(); i++) {
                frames.put(stored.get(i).userId, userEvents.encode(new ServerEvent.Notification(shown.get(i), now)));
            }
            userEvents.publishEach(frames, "notification");
        } catch (UserEvents.PublishFailed e) {
            LOG.warnf("Notice stored but not pushed live (users see it when they list notifications): %s", e.getMessage());
        }
    }
}
