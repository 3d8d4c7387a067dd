package io.switchboard.platform.http;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.Problem;
import io.switchboard.contracts.Problem.FieldError;

/**
 * The one place every service turns failures into RFC 9457 problem+json with a stable code. No
 * stack trace or internal message ever reaches the client: unexpected failures are logged with a
 * reference the client also gets.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        var response = problem(e.status(), e.code(), e.getMessage(), uri, e.errors());
        e.retryAfter().ifPresent(d -> response.header(HttpHeaders.RETRY_AFTER, Math.max(1, d.toSeconds())));
        e.headers().forEach(response::header);
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        var violations = e.getConstraintViolations();
        if (violations.stream().anyMatch(ProblemMapper::isWholeBody)) {
            return problem(400, ErrorCodes.MISSING_BODY, "A JSON request body is required.", uri, List.of()).build();
        }
        var errors = violations.stream()
                .map(v -> new FieldError(fieldName(v.getPropertyPath()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        return problem(400, ErrorCodes.VALIDATION_FAILED, "The request has invalid fields.", uri, errors).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        var field = e.getPropertyName();
        return problem(400, ErrorCodes.UNKNOWN_FIELD, "Unknown field '" + field + "'.", uri,
                List.of(new FieldError(field, "is not a known field"))).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        var field = jsonPath(e);
        if (field.isEmpty()) {
            return problem(400, ErrorCodes.MALFORMED_JSON, "The request body is not the expected JSON object.", uri,
                    List.of()).build();
        }
        return problem(400, ErrorCodes.INVALID_FIELD_TYPE, "Field '" + field + "' has the wrong type.", uri,
                List.of(new FieldError(field, "has the wrong type"))).build();
    }

    @ServerExceptionMapper(priority = 2)
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return problem(400, ErrorCodes.MALFORMED_JSON, "The request body is not valid JSON.", uri, List.of()).build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, ErrorCodes.FORBIDDEN, "You may not do this.", uri, List.of()).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400 && causedBy(e, JsonProcessingException.class)) {
            return malformedJson(null, uri);
        }
        String code = switch (e) {
            case NotFoundException ignored -> ErrorCodes.NOT_FOUND;
            case NotAllowedException ignored -> ErrorCodes.METHOD_NOT_ALLOWED;
            case NotSupportedException ignored -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            case NotAcceptableException ignored -> ErrorCodes.NOT_ACCEPTABLE;
            default -> status >= 500 ? ErrorCodes.INTERNAL_ERROR : status == 400 ? ErrorCodes.BAD_REQUEST : "http_" + status;
        };
        var title = Response.Status.fromStatusCode(status);
        return problem(status, code, title == null ? "HTTP " + status : title.getReasonPhrase() + ".", uri, List.of())
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isDatabaseUnavailable(e)) {
            // Not a bug: the database is down or restarting. The client may retry (a send with the
            // same client_message_id is safe), so it is told so rather than handed a 500.
            LOG.warnf("database unavailable on %s: %s", uri.getPath(), e.toString());
            return problem(503, ErrorCodes.DATABASE_UNAVAILABLE,
                    "The database cannot be reached at the moment; retry shortly.", uri, List.of())
                    .header(HttpHeaders.RETRY_AFTER, "1")
                    .build();
        }
        var reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure on %s (reference %s)", uri.getPath(), reference);
        return problem(500, ErrorCodes.INTERNAL_ERROR,
                "Something went wrong on our side; reference " + reference + ".", uri, List.of()).build();
    }

    private Response unauthenticated(UriInfo uri) {
        return problem(401, ErrorCodes.UNAUTHORIZED, "A valid access token is required.", uri, List.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    static Response.ResponseBuilder problem(int status, String code, String detail, UriInfo uri,
                                            List<FieldError> errors) {
        var reason = Response.Status.fromStatusCode(status);
        var body = new Problem(Problem.typeOf(code), reason == null ? "Error" : reason.getReasonPhrase(), status,
                detail, code, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
    }

    /**
     * A connection to the database failed or could not be had: SQL state class 08 (connection
     * exception) or 57P (operator intervention: the server is shutting down or restarting), or the
     * pool's acquisition timeout (Agroal says "Sorry, acquisition timeout!" when every connection is
     * busy and "Acquisition timeout while waiting for new connection" when a new one does not open).
     */
    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                var state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                if (sql.getMessage() != null && sql.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWholeBody(ConstraintViolation<?> violation) {
        Path.Node last = null;
        for (Path.Node node : violation.getPropertyPath()) {
            last = node;
        }
        // A @NotNull body parameter that came as null: there was no body at all.
        return last != null && last.getKind() == ElementKind.PARAMETER && violation.getInvalidValue() == null
                && violation.getConstraintDescriptor().getAnnotation() instanceof jakarta.validation.constraints.NotNull;
    }

    private static String fieldName(Path path) {
        String name = "";
        for (Path.Node node : path) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return snakeCase(name);
    }

    private static String jsonPath(JsonMappingException e) {
        return String.join(".", e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .toList());
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
