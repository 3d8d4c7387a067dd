package io.switchboard.devstack;

import java.util.List;
import java.util.Map;

/** The services the local stack runs, with the ports PRODUCT.md fixes. */
final class LocalServices {

    static final List<LocalService> ALL = List.of(
            new LocalService("auth-service", "auth-service", 8081, "auth",
                    data -> Map.of("AUTH_KEYS_DIR", data.resolve("auth-keys").toString())),
            new LocalService("chat-service", "chat-service", 8082, "chat", data -> Map.of()),
            new LocalService("realtime-service", "realtime-service", 8083, "realtime", data -> Map.of()),
            new LocalService("realtime-service-2", "realtime-service", 8093, "realtime", data -> Map.of()),
            new LocalService("notification-service", "notification-service", 8084, "notifications", data -> Map.of()));

    private LocalServices() {
    }
}
