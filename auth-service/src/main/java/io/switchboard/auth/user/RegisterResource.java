package io.switchboard.auth.user;

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

import io.switchboard.auth.session.ClientAddress;
import io.switchboard.auth.session.LoginThrottle;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/auth/register")
@Tag(name = "auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegisterResource {

    private final UserService users;
    private final LoginThrottle throttle;

    public RegisterResource(UserService users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    @POST
    public Response register(@Valid @NotNull UserRequests.Register request, @Context HttpServerRequest http) {
        throttle.registration(ClientAddress.of(http));
        var user = users.register(request);
        return Response.status(201).entity(UserView.of(user)).build();
    }
}
