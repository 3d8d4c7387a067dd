package io.switchboard.chat.block;

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

/** The caller's block list: block, unblock (both idempotent), and list. */
@Path("/api/blocks")
@Tag(name = "blocks")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
public class BlockResource {

    private final Blocks blocks;
    private final BlockChangeRelay changes;
    private final CurrentUser me;

    public BlockResource(Blocks blocks, BlockChangeRelay changes, CurrentUser me) {
        this.blocks = blocks;
        this.changes = changes;
        this.me = me;
    }

    @GET
    public List<Blocks.Blocked> list() {
        return blocks.of(me.id());
    }

    @PUT
    @Path("/{userId}")
    public Response block(@PathParam("userId") UUID userId) {
        blocks.block(me.id(), userId);
        changes.wake(); // committed: realtime-service hears of it now, not at the next sweep
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{userId}")
    public Response unblock(@PathParam("userId") UUID userId) {
        blocks.unblock(me.id(), userId);
        changes.wake();
        return Response.noContent().build();
    }
}
