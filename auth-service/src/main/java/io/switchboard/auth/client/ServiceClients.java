package io.switchboard.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.auth.config.AuthConfig;

/** The backends allowed to obtain a service token, from {@code auth.clients} ({@code id:secret,...}). */
@ApplicationScoped
public class ServiceClients {

    private final Map<String, byte[]> secrets = new LinkedHashMap<>();

    public ServiceClients(AuthConfig config) {
        for (String entry : config.clients().orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalStateException("auth.clients entries must be id:secret");
            }
            secrets.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Whether the secret is the client's, compared in constant time. */
    public boolean authenticate(String clientId, String secret) {
        var expected = secrets.get(clientId);
        var given = secret.getBytes(StandardCharsets.UTF_8);
        if (expected == null) {
            MessageDigest.isEqual(given, given); // same work for unknown clients
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }
}
