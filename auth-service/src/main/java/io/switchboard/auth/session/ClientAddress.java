package io.switchboard.auth.session;

import io.vertx.core.http.HttpServerRequest;

/**
 * The caller's address. Behind a proxy, enable quarkus.http.proxy.proxy-address-forwarding (and
 * trusted proxies) so that this is the real client, not the proxy.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        var remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
