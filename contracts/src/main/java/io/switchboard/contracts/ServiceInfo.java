package io.switchboard.contracts;

/** What {@code GET /} answers on every service. */
public record ServiceInfo(String service, String version) {
}
