package io.switchboard.chat.attachment;

import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range} header (RFC 9110): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}. Several ranges, other units or a malformed header are ignored, as the RFC
 * allows: the whole file is sent.
 *
 * @param first the first byte sent
 * @param last  the last byte sent (inclusive)
 */
record RangeRequest(long first, long last) {

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** What a header asks of a file of {@code size} bytes. */
    sealed interface Outcome {
    }

    /** Send it all (no header, or one to ignore). */
    record Whole() implements Outcome {
    }

    /** Send one part, 206. */
    record Part(RangeRequest range) implements Outcome {
    }

    /** The range starts past the end, 416. */
    record Unsatisfiable() implements Outcome {
    }

    static Outcome of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        var match = ONE_RANGE.matcher(header.strip());
        if (!match.matches() || (match.group(1).isEmpty() && match.group(2).isEmpty())) {
            return new Whole();
        }
        if (match.group(1).isEmpty()) {
            long suffix = Long.parseLong(match.group(2));
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(new RangeRequest(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(match.group(1));
        if (!match.group(2).isEmpty() && Long.parseLong(match.group(2)) < first) {
            return new Whole(); // a malformed range
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        long last = match.group(2).isEmpty() ? size - 1 : Long.parseLong(match.group(2));
        return new Part(new RangeRequest(first, Math.min(last, size - 1)));
    }

    long length() {
        return last - first + 1;
    }

    /** The header S3 takes for this range. */
    String header() {
        return "bytes=" + first + "-" + last;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
