package io.switchboard.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The soak's REST calls, each with a deadline: a stalled service answers nothing, and a client
 * that waits forever is not what a frontend is. Timeouts and refused connections come back as a
 * status of 0, so that callers decide to retry without catching.
 */
final class ChaosHttp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: {@code status} 0 when there was none (timeout, refused, cut). */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Worth the same request again: no answer, a server error, or too many requests. */
        boolean retryable() {
            return status == 0 || status >= 500 || status == 429 || status == 408;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration timeout;

    ChaosHttp(Duration timeout) {
        this.timeout = timeout;
    }

    /** The client the soak's WebSockets share too. */
    HttpClient client() {
        return client;
    }

    Answer get(String url, String token) {
        return get(url, token, timeout);
    }

    Answer get(String url, String token, Duration within) {
        return send(request(url, token, within).GET().build());
    }

    Answer post(String url, String token, Object body) {
        return post(url, token, body, timeout);
    }

    Answer post(String url, String token, Object body, Duration within) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return send(request(url, token, within).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder request(String url, String token, Duration within) {
        var builder = HttpRequest.newBuilder(URI.create(url)).timeout(within);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Answer send(HttpRequest request) {
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            var body = response.body() == null || response.body().isBlank() ? MissingNode.getInstance()
                    : readOrMissing(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            return new Answer(0, MissingNode.getInstance());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, MissingNode.getInstance());
        }
    }

    private static JsonNode readOrMissing(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
