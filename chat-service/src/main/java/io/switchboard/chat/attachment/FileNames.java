package io.switchboard.chat.attachment;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/**
 * A file's name as an uploader gives it: kept NFC-normalised without surrounding blanks, refused
 * when it could act as a path or hide what it is ({@code /}, {@code \}, {@code .}, {@code ..},
 * control characters, bidirectional overrides that make {@code exe.pdf} read as {@code fdp.exe}).
 */
final class FileNames {

    static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    /** The name to store, or what is wrong with it. */
    static Result check(String raw) {
        if (raw == null || raw.isBlank()) {
            return Result.bad("is required");
        }
        var name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (name.length() > MAX_LENGTH) {
            return Result.bad("must be at most " + MAX_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            return Result.bad("must name a file");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == '/' || c == '\\') {
                return Result.bad("must not hold a path separator");
            }
            if (Character.getType(c) == Character.CONTROL || isBidiControl(c)) {
                return Result.bad("must not hold control characters or bidirectional overrides");
            }
            i += Character.charCount(c);
        }
        return new Result(Optional.of(name), null);
    }

    private static boolean isBidiControl(int c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
    }

    /**
     * A {@code Content-Disposition} value naming the file: an ASCII {@code filename} for old
     * clients and the exact name as {@code filename*} (RFC 6266, RFC 8187).
     */
    static String disposition(boolean inline, String name) {
        var ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encode(name);
    }

    private static String encode(String name) {
        var out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    record Result(Optional<String> name, String problem) {
        static Result bad(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }
}
