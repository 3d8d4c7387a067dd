package io.switchboard.contracts.realtime;

/**
 * The {@code code} of a WebSocket {@code error} event. Errors chat-service answers with (such as
 * {@code chat_not_found} or {@code validation_failed}) pass through with their own code.
 */
public final class ProtocolErrors {

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_FIELD = "invalid_field";
    public static final String FRAME_TOO_LARGE = "frame_too_large";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOO_MANY_SOCKETS = "too_many_sockets";
    public static final String CHAT_NOT_FOUND = "chat_not_found";
    public static final String TOKEN_INVALID = "token_invalid";
    public static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";
    public static final String INTERNAL_ERROR = "internal_error";

    private ProtocolErrors() {
    }
}
