package io.switchboard.auth.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auth/register")
@Tag(name = "auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegisterResource {

    private final UserService users;

    public RegisterResource(UserService users) {
        this.users = users;
    }

    @POST
    public Response register(@Valid @NotNull Requests.Register request) {
        var user = users.register(request);
        return Response.status(201).entity(UserView.of(user)).build();
    }
}
