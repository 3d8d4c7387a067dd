package io.switchboard.contracts.chat;

import java.util.UUID;

/**
 * A file uploaded to a chat, as the upload answers it and as messages carry it. Members fetch it
 * at {@code GET /api/chats/{chat_id}/attachments/{id}}, and its thumbnail (when {@code thumbnail})
 * at {@code .../{id}/thumbnail}.
 *
 * @param sha256 the content's SHA-256, in lower-case hex
 * @param width  an image's width in pixels (null for other files, and images that could not be read)
 * @param height an image's height in pixels
 */
public record AttachmentView(UUID id, String name, String contentType, long size, String sha256, Integer width,
                             Integer height, boolean thumbnail) {
}
