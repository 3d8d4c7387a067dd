package io.switchboard.contracts;

import java.util.List;

/**
 * An RFC 9457 problem detail, as every service answers an error ({@code application/problem+json}).
 * {@code code} is the stable, machine-readable part; {@code title} and {@code detail} are for people.
 *
 * @param errors per-field problems of a request that failed validation, else empty
 */
public record Problem(String type, String title, int status, String detail, String code, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem {@code type} URI for a code. */
    public static String typeOf(String code) {
        return "https://switchboard.dev/problems/" + code.replace('_', '-');
    }

    /** One field that failed validation. */
    public record FieldError(String field, String message) {
    }
}
