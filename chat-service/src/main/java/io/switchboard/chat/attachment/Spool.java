package io.switchboard.chat.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An upload written to a file as it arrives, 64 KiB at a time, while its size and SHA-256 are
 * computed: the body is never whole in memory. The caller deletes the file ({@link #close()}).
 *
 * @param head the first bytes, for the type's signature check
 */
record Spool(Path file, long size, String sha256, byte[] head) implements AutoCloseable {

    static final int HEAD_BYTES = 16;
    private static final int CHUNK = 64 * 1024;

    /** Thrown as soon as the body passes {@code maxBytes}; nothing is kept. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("the upload is larger than allowed");
        }
    }

    static Spool write(InputStream body, Path dir, long maxBytes) throws IOException {
        var file = Files.createTempFile(dir, "upload-", ".part");
        try (OutputStream out = Files.newOutputStream(file)) {
            var digest = newDigest();
            var buffer = new byte[CHUNK];
            var head = new byte[HEAD_BYTES];
            long size = 0;
            int read;
            while ((read = body.read(buffer)) != -1) {
                if (size < HEAD_BYTES) {
                    System.arraycopy(buffer, 0, head, (int) size, (int) Math.min(read, HEAD_BYTES - size));
                }
                size += read;
                if (size > maxBytes) {
                    throw new TooLarge();
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
            return new Spool(file, size, HexFormat.of().formatHex(digest.digest()),
                    Arrays.copyOf(head, (int) Math.min(size, HEAD_BYTES)));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
