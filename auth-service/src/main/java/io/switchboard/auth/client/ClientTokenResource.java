package io.switchboard.auth.client;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.platform.http.ApiException;
import io.switchboard.platform.http.TextRules;
import io.switchboard.auth.error.AuthErrors;
import io.switchboard.auth.keys.TokenIssuer;
import io.switchboard.auth.session.ClientAddress;
import io.switchboard.auth.session.LoginThrottle;
import io.vertx.core.http.HttpServerRequest;

/**
 * Client credentials: another backend trades its id and secret for a short-lived {@code service}
 * token carrying the scopes its entry in {@code auth.clients} grants.
 */
@Path("/api/auth/token")
@Tag(name = "auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ClientTokenResource {

    public record ClientCredentials(
            @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE) String clientId,
            @NotBlank @Size(max = 1024) @Pattern(regexp = TextRules.SECRET, message = TextRules.SECRET_MESSAGE)
            String clientSecret) {
    }

    public record ServiceToken(String accessToken, String tokenType, long expiresIn) {
    }

    private final ServiceClients clients;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;

    public ClientTokenResource(ServiceClients clients, TokenIssuer issuer, LoginThrottle throttle) {
        this.clients = clients;
        this.issuer = issuer;
        this.throttle = throttle;
    }

    @POST
    public ServiceToken token(@Valid @NotNull ClientCredentials request, @Context HttpServerRequest http) {
        var address = ClientAddress.of(http);
        throttle.clientAttempt(request.clientId(), address);
        if (!clients.authenticate(request.clientId(), request.clientSecret())) { // the attempt stays counted
            throw new ApiException(401, AuthErrors.INVALID_CLIENT, "Unknown client or wrong secret.");
        }
        throttle.clientSucceeded(request.clientId(), address);
        var token = issuer.serviceToken(request.clientId(), clients.scopes(request.clientId()));
        return new ServiceToken(token, "Bearer", issuer.accessTokenTtl().toSeconds());
    }
}
