package io.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.switchboard.devstack.TestTokens;

/**
 * Answers what the services ask auth-service, so a benchmark measures them alone: the user lookup
 * for any id, and a service token (role service with scopes memberships and presence: what
 * realtime-service asks chat-service with, and notification-service realtime-service; from
 * devstack's test key) for any client.
 */
record StubDirectory(HttpServer server) implements AutoCloseable {
    static StubDirectory start() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/users/", exchange -> answer(exchange, "{}"));
            server.createContext("/api/auth/token", exchange -> answer(exchange, "{\"access_token\":\""
                    + TestTokens.get().serviceToken("bench-service", "memberships", "presence")
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":900}"));
            server.start();
            return new StubDirectory(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        var body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
