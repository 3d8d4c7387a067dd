package io.switchboard.auth.demo;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.auth.config.AuthConfig;
import io.switchboard.auth.user.User;
import io.switchboard.auth.user.UserService;
import io.switchboard.contracts.Roles;

/** The demo accounts of PRODUCT.md, created at start-up when auth.demo-data is on (local profile only). */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    record DemoUser(String username, String password, String displayName, Set<String> roles) {
        /** Fixed ids, so that other services' demo data (user1's chat with user2) can name them. */
        UUID id() {
            return UUID.nameUUIDFromBytes(("switchboard-demo:" + username).getBytes(StandardCharsets.UTF_8));
        }
    }

    static final java.util.List<DemoUser> USERS = java.util.List.of(
            new DemoUser("admin", "admin123", "Administrator", Set.of(Roles.USER, Roles.ADMIN)),
            new DemoUser("user1", "password123", "User One", Set.of(Roles.USER)),
            new DemoUser("user2", "password123", "User Two", Set.of(Roles.USER)),
            new DemoUser("user3", "password123", "User Three", Set.of(Roles.USER)));

    void onStart(@Observes StartupEvent event, AuthConfig config, UserService users) {
        if (!config.demoData()) {
            return;
        }
        for (DemoUser demo : USERS) {
            if (User.findByUsername(demo.username()).isEmpty()) {
                users.create(demo.id(), demo.username(), demo.password(), demo.displayName(), null, demo.roles());
                LOG.infof("demo user %s created", demo.username());
            }
        }
    }
}
