package io.switchboard.chat.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import io.switchboard.platform.http.ApiException;

/**
 * Where a page of results ended: the last hit's rank and message id (results are ordered by rank,
 * then id, both descending, so the pair is a total order and pages neither repeat nor skip a
 * message that did not change meanwhile). Opaque to clients: URL-safe Base64 of "rank:id".
 */
record Cursor(float rank, UUID messageId) {

    String encode() {
        var text = Float.toString(rank) + ":" + messageId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a {@code before} names; 400 naming {@code before} when it is not one this service gave. */
    static Cursor decode(String before) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(before), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            var rank = Float.parseFloat(text.substring(0, colon));
            if (!Float.isFinite(rank)) {
                throw new IllegalArgumentException("rank " + rank);
            }
            return new Cursor(rank, UUID.fromString(text.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw ApiException.invalidField("before", "must be the next_before of an earlier page");
        }
    }
}
