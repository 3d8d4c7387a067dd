package io.switchboard.notification.channel;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.switchboard.contracts.notification.NotificationView;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.platform.security.ServiceToken;

/**
 * E-mail through the Quarkus mailer (SMTP settings under {@code quarkus.mailer.*}), to the address
 * auth-service holds for the user; users without one are skipped. Off unless
 * {@code notifications.email.enabled}.
 */
@ApplicationScoped
public class EmailChannel implements NotificationChannel {

    private final Mailer mailer;
    private final ContactClient auth;
    private final ServiceToken token;
    private final NotificationConfig config;

    public EmailChannel(Mailer mailer, @RestClient ContactClient auth, ServiceToken token, NotificationConfig config) {
        this.mailer = mailer;
        this.auth = auth;
        this.token = token;
        this.config = config;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean enabled() {
        return config.email().enabled();
    }

    @Override
    public void deliver(UUID userId, NotificationView notification) {
        var contact = contact(userId);
        if (contact == null || contact.email() == null || contact.email().isBlank()) {
            return;
        }
        var greeting = contact.displayName() == null ? contact.username() : contact.displayName();
        mailer.send(Mail.withText(contact.email(), notification.title(),
                "Hello " + greeting + ",\n\n" + notification.body() + "\n\n-- Switchboard"));
    }

    /** The user's contact details; null when the account is gone. */
    private ContactClient.Contact contact(UUID userId) {
        try {
            return token.call(bearer -> auth.contact(bearer, userId));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return null;
            }
            throw e;
        }
    }
}
