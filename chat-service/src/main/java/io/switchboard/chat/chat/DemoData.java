package io.switchboard.chat.chat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.chat.config.ChatConfig;

/** The demo direct chat of user1 and user2 (local profile only); auth-service gives them fixed ids. */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    static UUID demoUser(String username) {
        return UUID.nameUUIDFromBytes(("switchboard-demo:" + username).getBytes(StandardCharsets.UTF_8));
    }

    void onStart(@Observes StartupEvent event, ChatConfig config, ChatService chats) {
        if (config.demoData() && chats.demoDirect(demoUser("user1"), demoUser("user2")).created()) {
            LOG.info("demo direct chat of user1 and user2 created");
        }
    }
}
