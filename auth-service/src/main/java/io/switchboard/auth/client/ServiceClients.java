package io.switchboard.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.switchboard.auth.config.AuthConfig;

/**
 * The backends allowed to obtain a service token, and the scopes each is granted, from
 * {@code auth.clients} ({@code id:secret} or {@code id:secret:scope+scope}, comma-separated; see
 * {@link ClientEntry}). Read at start-up, so that a bad entry stops auth-service there instead of
 * at the first backend's token request.
 */
@Startup
@ApplicationScoped
public class ServiceClients {

    private final Map<String, ClientEntry> clients = new LinkedHashMap<>();

    public ServiceClients(AuthConfig config) {
        for (String entry : config.clients().orElse(List.of())) {
            var client = ClientEntry.parse(entry);
            if (clients.putIfAbsent(client.id(), client) != null) {
                throw new IllegalStateException("auth.clients (AUTH_CLIENTS): client '" + client.id() + "' is listed twice");
            }
        }
    }

    /** Whether the secret is the client's, compared in constant time. */
    public boolean authenticate(String clientId, String secret) {
        var client = clients.get(clientId);
        var given = secret.getBytes(StandardCharsets.UTF_8);
        if (client == null) {
            MessageDigest.isEqual(given, given); // same work for unknown clients
            return false;
        }
        return MessageDigest.isEqual(client.secret(), given);
    }

    /** The scopes granted to a known client, in the order of contracts' {@code Scopes.ALL}. */
    public List<String> scopes(String clientId) {
        return clients.get(clientId).scopes();
    }
}
