package io.switchboard.chat.pin;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.Roles;
import io.switchboard.platform.security.CurrentUser;

/**
 * A chat's pinned messages. Pinning and unpinning are idempotent; members get each change as
 * {@code message_pinned} or {@code message_unpinned}.
 */
@Path("/api/chats/{chatId}/pins")
@Tag(name = "messages")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class PinResource {

    private final PinService pins;
    private final CurrentUser me;

    public PinResource(PinService pins, CurrentUser me) {
        this.pins = pins;
        this.me = me;
    }

    @GET
    public List<PinView> list(@PathParam("chatId") UUID chatId) {
        return pins.pins(chatId, me.id());
    }

    @PUT
    @Path("/{messageId}")
    public Response pin(@PathParam("chatId") UUID chatId, @PathParam("messageId") UUID messageId) {
        pins.pin(chatId, messageId, me.id());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{messageId}")
    public Response unpin(@PathParam("chatId") UUID chatId, @PathParam("messageId") UUID messageId) {
        pins.unpin(chatId, messageId, me.id());
        return Response.noContent().build();
    }
}
