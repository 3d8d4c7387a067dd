package io.switchboard.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What a browser's cross-origin checks ask of a service, held to the policy every service shares:
 * the origins listed in {@code CORS_ORIGINS} ({@value #LISTED} in tests) may call it, with a
 * bearer token and JSON; a request from another origin is refused with 403.
 */
public final class BrowserOrigins {

    /** The origin the services' test profile lists, as a frontend's dev server. */
    public static final String LISTED = "http://localhost:3000";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BrowserOrigins() {
    }

    /** Holds the service at {@code base} to the policy for a request to {@code path}; throws AssertionError if not. */
    public static void assertPolicy(String base, String path) {
        var preflight = send(HttpRequest.newBuilder(URI.create(base + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", LISTED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
        expect(preflight, 200, "a preflight from a listed origin");
        expectHeader(preflight, "Access-Control-Allow-Origin", LISTED);
        expectHeader(preflight, "Access-Control-Allow-Methods", "POST");
        expectHeader(preflight, "Access-Control-Allow-Headers", "authorization", "content-type");

        var listed = send(HttpRequest.newBuilder(URI.create(base + "/")).header("Origin", LISTED));
        expect(listed, 200, "a listed origin's request");
        expectHeader(listed, "Access-Control-Allow-Origin", LISTED);
        expectHeader(listed, "Access-Control-Expose-Headers", "location", "retry-after", "link");

        var other = send(HttpRequest.newBuilder(URI.create(base + path)).header("Origin", "https://elsewhere.example"));
        expect(other, 403, "another origin's request");
        if (other.headers().firstValue("Access-Control-Allow-Origin").isPresent()) {
            throw new AssertionError("another origin was allowed: " + other.headers().map());
        }

        expect(send(HttpRequest.newBuilder(URI.create(base + "/"))), 200, "a request without an Origin, as a backend's");
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + ": expected " + status + ", got " + response.statusCode() + " "
                    + response.headers().map());
        }
    }

    private static void expectHeader(HttpResponse<String> response, String header, String... parts) {
        var value = response.headers().firstValue(header).orElse("").toLowerCase(java.util.Locale.ROOT);
        for (var part : parts) {
            if (!value.contains(part.toLowerCase(java.util.Locale.ROOT))) {
                throw new AssertionError(header + " lacks " + part + ": " + response.headers().map());
            }
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
