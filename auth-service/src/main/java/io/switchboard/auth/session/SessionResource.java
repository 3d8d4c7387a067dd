package io.switchboard.auth.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vertx.core.http.HttpServerRequest;

@Path("/api/auth")
@Tag(name = "auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final SessionService sessions;

    public SessionResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @POST
    @Path("/login")
    public TokenResponse login(@Valid @NotNull SessionRequests.Login request, @Context HttpServerRequest http) {
        return sessions.login(request, ClientAddress.of(http));
    }

    @POST
    @Path("/refresh")
    public TokenResponse refresh(@Valid @NotNull SessionRequests.Refresh request) {
        return sessions.refresh(request.refreshToken());
    }

    @POST
    @Path("/logout")
    public Response logout(@Valid @NotNull SessionRequests.Refresh request) {
        sessions.logout(request.refreshToken());
        return Response.noContent().build();
    }
}
