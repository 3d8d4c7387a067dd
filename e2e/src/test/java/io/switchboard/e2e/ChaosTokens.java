package io.switchboard.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client's tokens: refreshed between half and 70 % of the access token's life (so that a
 * thousand clients do not refresh at once), one refresh at a time (a refresh token is good once),
 * and a new login when the refresh token is gone (a refresh whose answer was lost spent it).
 */
final class ChaosTokens {

    private final ChaosHttp http;
    private final String authUrl;
    private final String username;
    private volatile String accessToken;
    private volatile String refreshToken;
    private volatile long refreshAt;

    ChaosTokens(ChaosHttp http, String authUrl, JsonNode login) {
        this.http = http;
        this.authUrl = authUrl;
        this.username = login.path("user").path("username").asText();
        take(login);
    }

    String access() {
        return accessToken;
    }

    boolean due() {
        return System.nanoTime() >= refreshAt;
    }

    /** Long past due: the access token has expired for sure. */
    boolean expired() {
        return System.nanoTime() > refreshAt + Duration.ofMinutes(4).toNanos();
    }

    /** Refreshes if due; true if there is a new access token. */
    synchronized boolean refreshIfDue() {
        if (!due()) {
            return false;
        }
        var answer = http.post(authUrl + "/api/auth/refresh", null, Map.of("refresh_token", refreshToken));
        if (answer.status() == 401 || answer.status() == 400) {
            answer = http.post(authUrl + "/api/auth/login", null, Map.of("username", username, "password", Stack.PASSWORD));
        }
        if (!answer.ok()) {
            refreshAt = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            return false;
        }
        take(answer.body());
        return true;
    }

    private void take(JsonNode tokens) {
        accessToken = tokens.path("access_token").asText();
        refreshToken = tokens.path("refresh_token").asText();
        long ttl = Math.max(60, tokens.path("expires_in").asLong(900));
        refreshAt = System.nanoTime() + (long) (ttl * 1e9 * (0.5 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    }
}
