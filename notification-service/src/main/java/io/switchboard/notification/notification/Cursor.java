package io.switchboard.notification.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.platform.http.ApiException;
import io.switchboard.contracts.notification.NotificationView;

/**
 * Where a page of notifications ends, in the list's order (most recently updated first): opaque
 * to clients, who pass it back as {@code before}. It holds the position itself, not a
 * notification's id, so it stays valid when that notification is cleared.
 */
record Cursor(Instant updatedAt, UUID id) {

    static Cursor after(NotificationView last) {
        return new Cursor(last.updatedAt(), last.id());
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((updatedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text) {
        try {
            var parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
            return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED,
                    "before must be a cursor from a previous page's Link header.");
        }
    }
}
