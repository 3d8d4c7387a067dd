package io.switchboard.chat.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an upload may be: a declared media type among those allowed, and, for the types a browser
 * would render or decode (images, PDF), content that starts with that type's signature, so an HTML
 * page cannot pass as {@code image/png}.
 */
final class MediaTypes {

    private static final Map<String, byte[][]> SIGNATURES = Map.of(
            "image/png", new byte[][] {{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}},
            "image/jpeg", new byte[][] {{(byte) 0xff, (byte) 0xd8, (byte) 0xff}},
            "image/gif", new byte[][] {ascii("GIF87a"), ascii("GIF89a")},
            "application/pdf", new byte[][] {ascii("%PDF-")});

    /** Images the service reads the size of and makes thumbnails from. */
    static final Set<String> DECODED_IMAGES = Set.of("image/png", "image/jpeg", "image/gif");

    private MediaTypes() {
    }

    /** The bare type, lower case, without parameters such as {@code charset}; empty when blank. */
    static Optional<String> essence(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        var bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return bare.isEmpty() ? Optional.empty() : Optional.of(bare);
    }

    /** Whether the content's first bytes fit the type (always, for types without a signature). */
    static boolean contentMatches(String type, byte[] head) {
        if (type.equals("image/webp")) {
            return head.length >= 12 && startsWith(head, ascii("RIFF"), 0) && startsWith(head, ascii("WEBP"), 8);
        }
        var signatures = SIGNATURES.get(type);
        return signatures == null || Arrays.stream(signatures).anyMatch(signature -> startsWith(head, signature, 0));
    }

    /** Images are shown inline; anything else downloads. */
    static boolean inline(String type) {
        return type.startsWith("image/");
    }

    private static boolean startsWith(byte[] content, byte[] prefix, int at) {
        if (content.length < at + prefix.length) {
            return false;
        }
        return Arrays.equals(content, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
