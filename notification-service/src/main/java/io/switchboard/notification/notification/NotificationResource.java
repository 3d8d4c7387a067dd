package io.switchboard.notification.notification;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.Roles;
import io.switchboard.contracts.Scopes;
import io.switchboard.contracts.notification.NotificationView;
import io.switchboard.notification.NotificationErrors;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.notification.notice.NoticeRequest;
import io.switchboard.notification.notice.Notices;
import io.switchboard.platform.http.ApiException;
import io.switchboard.platform.security.CurrentUser;

@Path("/api/notifications")
@Tag(name = "notifications")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class NotificationResource {

    /** The notices created: one per listed user, or the one notice to everyone. */
    public record Created(List<NotificationView> notifications) {
    }

    private final Notifications notifications;
    private final Notices notices;
    private final CurrentUser user;
    private final NotificationConfig config;

    @Context
    UriInfo uri;

    public NotificationResource(Notifications notifications, Notices notices, CurrentUser user, NotificationConfig config) {
        this.notifications = notifications;
        this.notices = notices;
        this.user = user;
        this.config = config;
    }

    /** The number of unread notifications. */
    public record UnreadCount(long unread) {
    }

    @GET
    @Operation(summary = "My notifications, most recently updated first; unread=true for the unread ones. "
            + "A full page has a Link header (rel=next) to the next one.")
    public Response list(@QueryParam("unread") @DefaultValue("false") boolean unread,
                         @QueryParam("before") String before,
                         @QueryParam("limit") @DefaultValue("50") @Min(1) int limit) {
        if (limit > config.list().maxLimit()) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED, "limit must be at most " + config.list().maxLimit() + ".");
        }
        var page = notifications.list(user.id(), unread, before == null ? null : Cursor.decode(before), limit);
        var response = Response.ok(page);
        if (page.size() == limit) {
            var next = uri.getRequestUriBuilder().replaceQueryParam("before", Cursor.after(page.getLast()).encode()).build();
            response.link(next, "next");
        }
        return response.build();
    }

    @GET
    @Path("/unread-count")
    @Operation(summary = "How many of my notifications are unread")
    public UnreadCount unreadCount() {
        return new UnreadCount(notifications.unreadCount(user.id()));
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark one of my notifications read")
    public Response read(@PathParam("id") String id) {
        notifications.read(user.id(), parse(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/read-all")
    @Operation(summary = "Mark all my notifications read")
    public Response readAll() {
        notifications.readAll(user.id());
        return Response.noContent().build();
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Scopes.NOTICES})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a notice to listed users or to all (an admin, or a service token with scope notices)")
    public Response send(@Valid @NotNull NoticeRequest request) {
        return Response.status(201).entity(new Created(notices.send(request))).build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, NotificationErrors.NOTIFICATION_NOT_FOUND, "No such notification.");
        }
    }
}
