package io.switchboard.auth.user;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.platform.http.ApiException;
import io.switchboard.platform.http.TextRules;
import io.switchboard.auth.error.AuthErrors;
import io.switchboard.auth.session.ClientAddress;
import io.switchboard.auth.session.LoginThrottle;
import io.vertx.core.http.HttpServerRequest;
import io.switchboard.contracts.Roles;
import io.switchboard.contracts.Scopes;

@Path("/api/users")
@Tag(name = "users")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN, Roles.SERVICE})
public class UserResource {

    private final UserService users;
    private final JsonWebToken token;
    private final LoginThrottle throttle;

    public UserResource(UserService users, JsonWebToken token, LoginThrottle throttle) {
        this.users = users;
        this.token = token;
        this.throttle = throttle;
    }

    @GET
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    public UserView me() {
        return UserView.of(users.get(currentUser()));
    }

    @PATCH
    @Path("/me")
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView updateMe(@Valid @NotNull UserRequests.UpdateMe request) {
        return UserView.of(users.update(currentUser(), request));
    }

    @POST
    @Path("/me/password")
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@Valid @NotNull UserRequests.ChangePassword request, @Context HttpServerRequest http) {
        // the current password is guessed like a login's: the same limits, per account and address
        var account = "user:" + currentUser();
        var address = ClientAddress.of(http);
        throttle.attempt(account, address);
        users.changePassword(currentUser(), request, session());
        throttle.succeeded(account, address);
        return Response.noContent().build();
    }

    /** Log out everywhere: ends every session of the caller, this one included. */
    @POST
    @Path("/me/sessions/end")
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    public Response endMySessions() {
        users.endSessions(currentUser());
        return Response.noContent().build();
    }

    /** Ends every session of a user (an administrator's action, e.g. for a stolen device). */
    @POST
    @Path("/{id}/sessions/end")
    @RolesAllowed(Roles.ADMIN)
    public Response endSessions(@PathParam("id") String id) {
        users.endSessions(parseId(id));
        return Response.noContent().build();
    }

    /** Deactivates an account (administrators): its sessions end and it cannot log in. */
    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed(Roles.ADMIN)
    public Response deactivate(@PathParam("id") String id) {
        var user = parseId(id);
        if (user.equals(currentUser())) {
            throw new ApiException(409, AuthErrors.CANNOT_DEACTIVATE_SELF, "An administrator cannot deactivate their own account.");
        }
        users.deactivate(user);
        return Response.noContent().build();
    }

    /** Lets a deactivated account log in again (administrators). */
    @POST
    @Path("/{id}/reactivate")
    @RolesAllowed(Roles.ADMIN)
    public Response reactivate(@PathParam("id") String id) {
        users.reactivate(parseId(id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}")
    public PublicUser byId(@PathParam("id") String id) {
        return PublicUser.of(users.get(parseId(id)));
    }

    /** A user's e-mail address, for backends that notify users beyond the app (scope contacts). */
    @GET
    @Path("/{id}/contact")
    @RolesAllowed(Scopes.CONTACTS)
    public UserContact contact(@PathParam("id") String id) {
        return UserContact.of(users.get(parseId(id)));
    }

    /**
     * The directory search ({@code q}), or with {@code usernames} (comma-separated, at most 50) the
     * users with exactly those usernames, compared case-insensitively: how chat-service finds who
     * an {@code @username} mention names. The parameters are named as in the URL, so that a
     * validation error names them so.
     */
    @GET
    public List<PublicUser> search(
            @QueryParam("q") @Size(max = 64) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE) String q,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @QueryParam("usernames") @Size(max = 50 * 33) @Pattern(regexp = USERNAME_LIST,
                    message = "must be usernames separated by ','") String usernames) {
        var found = usernames == null ? users.search(q, limit) : users.byUsernames(List.of(usernames.split(",")));
        return found.stream().map(PublicUser::of).toList();
    }

    private static final String USERNAME_LIST = "^[A-Za-z0-9._-]{1,32}(,[A-Za-z0-9._-]{1,32}){0,49}$";

    private UUID currentUser() {
        return parseId(token.getSubject());
    }

    private UUID session() {
        String sid = token.getClaim("sid");
        return sid == null ? null : parseId(sid);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ApiException(404, AuthErrors.USER_NOT_FOUND, "No such user.");
        }
    }
}
