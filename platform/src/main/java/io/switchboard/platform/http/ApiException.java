package io.switchboard.platform.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.Problem;

/** A failure to report to the client as problem+json with a stable {@code code}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
        this.errors = List.of();
    }

    private ApiException(String field, String problem) {
        super("The request has invalid fields.", null, false, false);
        this.status = 400;
        this.code = ErrorCodes.VALIDATION_FAILED;
        this.retryAfter = null;
        this.errors = List.of(new Problem.FieldError(field, problem));
    }

    /** A field that fails a rule only the service can check (a configured limit, say). */
    public static ApiException invalidField(String field, String problem) {
        return new ApiException(field, problem);
    }

    /** A header the problem response carries (such as {@code Content-Range} on a 416). */
    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
