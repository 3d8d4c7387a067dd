package io.switchboard.contracts;

/** Error codes every service may answer with; a service adds its own beside them. */
public final class ErrorCodes {

    public static final String BAD_REQUEST = "bad_request";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String UNKNOWN_FIELD = "unknown_field";
    public static final String INVALID_FIELD_TYPE = "invalid_field_type";
    public static final String MISSING_BODY = "missing_body";
    public static final String VALIDATION_FAILED = "validation_failed";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String CONFLICT = "conflict";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String SHUTTING_DOWN = "shutting_down";
    /** The service's database cannot be reached (down, restarting, or no connection free in time): retry. */
    public static final String DATABASE_UNAVAILABLE = "database_unavailable";

    private ErrorCodes() {
    }
}
