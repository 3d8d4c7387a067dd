package io.switchboard.platform.http;

/**
 * The characters a text field of a request may hold, as regular expressions for {@code @Pattern}
 * (a failed one answers 400 {@code validation_failed} naming the field). Every service uses these,
 * so all refuse the same characters, and each service's OpenAPI document shows the rule as the
 * field's {@code pattern}. They are written so that ECMAScript reads them as Java does, and a client
 * may check a field with the same pattern before sending it.
 *
 * <p>Control characters have no place in what people type: PostgreSQL refuses NUL in text outright,
 * and the others garble logs, terminals and the screens of other users.
 */
public final class TextRules {

    /** One character of a single-line field: anything but the C0 controls (U+0000–U+001F) and DEL (U+007F). */
    public static final String LINE_CHAR = "[^\\x00-\\x1F\\x7F]";

    /** A single-line field: a name, a title, an e-mail address, a search query, an identifier or token. */
    public static final String LINE = "^" + LINE_CHAR + "*$";
    public static final String LINE_MESSAGE = "must not contain control characters";

    /** Text of several lines (message content): no C0 control but TAB, LF and CR. */
    public static final String TEXT = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]*$";
    public static final String TEXT_MESSAGE = "must not contain control characters other than tab and line breaks";

    /**
     * A password or client secret: anything but NUL. It is only ever hashed, never stored, shown or
     * logged, so no other character in it can do harm. NUL nobody types, and C implementations of
     * bcrypt (the scheme of older password hashes) end a password at it, so that a password holding
     * one would be checked differently elsewhere.
     */
    public static final String SECRET = "^[^\\x00]*$";
    public static final String SECRET_MESSAGE = "must not contain the NUL character";

    private TextRules() {
    }
}
